#include "qemu/symbolizer.h"

#include <cstdlib>

#include <fmt/format.h>

#include "core/fs.h"
#include "core/paths.h"
#include "core/process.h"
#include "image/elf_symbols.h"

namespace kbuild {
namespace fs = std::filesystem;

std::string find_symbolizer() {
  for (const char* name : {"llvm-symbolizer", "llvm-symbolizer-19", "llvm-symbolizer-18", "llvm-symbolizer-17",
                           "llvm-symbolizer-16", "llvm-symbolizer-15", "llvm-symbolizer-14"}) {
    std::string found = find_program(name);
    if (!found.empty()) return found;
  }
  return {};
}

std::string source_location_from(std::string_view line, const fs::path& base) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  // FILE:LINE:COLUMN; FILE itself may contain colons, so split from the right.
  size_t column = line.rfind(':');
  if (column == std::string_view::npos) return {};
  size_t at = line.rfind(':', column - 1);
  if (at == std::string_view::npos || column == 0) return {};
  std::string_view file = line.substr(0, at), number = line.substr(at + 1, column - at - 1);
  if (file.empty() || file == "??" || number.empty() || number == "0") return {};
  if (number.find_first_not_of("0123456789") != std::string_view::npos) return {};
  fs::path path(file);
  std::error_code ec;
  if (!base.empty() && path.is_absolute()) return fmt::format("{}:{}", display_path(base, path), number);
  return fmt::format("{}:{}", path.string(), number);
}

std::string locate_source(const std::string& symbolizer, const fs::path& elf, uint64_t address,
                          const fs::path& base) {
  if (symbolizer.empty()) return {};
  ProcessSpec spec;
  spec.argv = {symbolizer, "--obj=" + elf.string(), "--functions=none", "--no-inlines",
               fmt::format("{:#x}", address)};
  spec.output = ProcessSpec::Output::capture;
  spec.timeout = std::chrono::seconds(20);
  ProcessResult result;
  std::string ignored;
  if (!run_process(spec, &result, &ignored) || !result.ok()) return {};
  return source_location_from(result.out.substr(0, result.out.find('\n')), base);
}

bool load_kernel_symbols(const fs::path& elf, const fs::path& base, ElfSymbols* symbols) {
  if (elf.empty()) return false;
  std::vector<uint8_t> bytes;
  std::string ignored;
  if (!read_file_bytes(elf, &bytes, &ignored) || !symbols->load(bytes, &ignored)) return false;
  std::string symbolizer = find_symbolizer();
  if (!symbolizer.empty())
    symbols->set_source_locator([symbolizer, elf = fs::absolute(elf), base](uint64_t address) {
      return locate_source(symbolizer, elf, address, base);
    });
  return true;
}

std::vector<uint64_t> find_backtrace(std::string_view serial) {
  constexpr std::string_view kPrefix = "backtrace:";
  std::vector<uint64_t> out;
  size_t panic = serial.rfind("panic: ");
  if (panic == std::string_view::npos) return out;
  size_t at = serial.find(kPrefix, panic);
  if (at == std::string_view::npos) return out;
  std::string_view rest = serial.substr(at + kPrefix.size());
  rest = rest.substr(0, rest.find('\n'));
  while (!rest.empty()) {
    size_t start = rest.find("0x");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start + 2);
    size_t end = rest.find_first_not_of("0123456789abcdefABCDEF");
    std::string digits(rest.substr(0, end));
    if (digits.empty() || digits.size() > 16) break;
    out.push_back(std::strtoull(digits.c_str(), nullptr, 16));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  return out;
}

std::string describe_backtrace(const std::vector<uint64_t>& addresses, const ElfSymbols* symbols) {
  std::string out;
  for (size_t i = 0; i < addresses.size(); ++i) {
    std::string where = symbols && addresses[i] ? symbols->describe(addresses[i] - 1) : std::string();
    out += fmt::format("\n  #{} {:#x}{}", i, addresses[i], where.empty() ? "" : " in " + where);
  }
  return out;
}

}  // namespace kbuild
