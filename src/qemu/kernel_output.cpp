#include "qemu/kernel_output.h"

#include <cstdlib>
#include <iterator>

#include <kbuild/exit_codes.h>

#include "image/elf_symbols.h"

namespace kbuild {

std::string normalize_serial(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\r') {
      if (i + 1 < raw.size() && raw[i + 1] == '\n') continue;
      out += '\n';
    } else if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
      out += static_cast<char>(c);
    } else {
      out += '?';  // control bytes and anything non-ASCII: serial output is not known to be UTF-8
    }
  }
  return out;
}

std::optional<std::string> find_boot_failure(std::string_view serial) {
  constexpr std::string_view kPrefix = KBUILD_BOOT_FAILURE_PREFIX;
  size_t at = serial.rfind(kPrefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = serial.substr(at + kPrefix.size());
  rest = rest.substr(0, rest.find_first_of("\r\n"));
  return std::string(rest);
}

std::string boot_failure_hint(std::string_view line) {
  struct Hint {
    std::string_view clue, hint;
  };
  // The kernel checks (bootloader/shared/kernel_rules.h) say what to do in their own line.
  static constexpr Hint kHints[] = {
      {"not enough memory", "raise [run] memory in kernel.toml, or make the kernel (.bss) or its stack smaller"},
      {"no VBE mode", "pick another [bootloader] framebuffer size, or give QEMU a VBE display (-vga std)"},
      {"no 64-bit long mode", "boot on an x86_64 CPU (for QEMU: drop the -cpu argument, or use -cpu max)"},
      {"physical_memory_offset", "change [bootloader] physical-memory-offset in kernel.toml"},
      {"already mapped", "move the kernel or [bootloader] physical-memory-offset so they do not overlap"},
      {"bad boot manifest", "the image is damaged: write it again with `kbuild build` (or `kbuild image`)"},
      {"no ELF magic", "the image is damaged: write it again with `kbuild build` (or `kbuild image`)"},
      {"disk read error", "the image is damaged or cut short: write it again with `kbuild build`"},
  };
  for (const Hint& h : kHints)
    if (line.find(h.clue) != std::string_view::npos) return std::string(h.hint);
  return {};
}

std::string describe_boot_failure(std::string_view serial) {
  std::optional<std::string> line = find_boot_failure(serial);
  if (!line)
    return "boot failed: the bootloader gave up (QEMU exit status 255) but printed no `" KBUILD_BOOT_FAILURE_PREFIX
           "` line on serial";
  std::string hint = boot_failure_hint(*line);
  return "boot failed: " + *line + (hint.empty() ? "" : "; " + hint);
}

std::string find_panic(std::string_view serial) {
  constexpr std::string_view kPrefix = "panic: ";
  size_t at = serial.rfind(kPrefix);
  if (at == std::string_view::npos) return "";
  std::string_view rest = serial.substr(at + kPrefix.size());
  return std::string(rest.substr(0, rest.find('\n')));
}

std::string describe_panic(const std::string& panic, const ElfSymbols* symbols) {
  constexpr std::string_view kCaller = " (called from 0x";
  size_t at = panic.rfind(kCaller);
  if (at == std::string::npos || !symbols || panic.back() != ')') return panic;
  std::string digits = panic.substr(at + kCaller.size(), panic.size() - 1 - at - kCaller.size());
  char* end = nullptr;
  uint64_t address = std::strtoull(digits.c_str(), &end, 16);
  if (digits.empty() || *end != '\0' || address == 0) return panic;
  // A return address: the call is the byte before it (and a call to a noreturn function may be
  // the last instruction of its caller).
  std::string where = symbols->describe(address - 1);
  if (where.empty()) return panic;
  return panic.substr(0, at) + " (in " + where + ")";
}

}  // namespace kbuild
