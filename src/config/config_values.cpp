#include "config/config_values.h"

#include "config/config.h"

#include <cctype>
#include <limits>

namespace kbuild {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ident_start(char c) { return is_alpha(c) || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

// Digits of `base` with optional '_' between them; false on overflow or a stray '_'.
bool parse_digits(std::string_view text, unsigned base, uint64_t* out) {
  if (text.empty() || text.front() == '_' || text.back() == '_') return false;
  uint64_t value = 0;
  char previous = 0;
  for (char c : text) {
    if (c == '_') {
      if (previous == '_') return false;
      previous = c;
      continue;
    }
    previous = c;
    unsigned digit;
    if (is_digit(c)) digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return false;
    if (digit >= base) return false;
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / base) return false;
    value = value * base + digit;
  }
  *out = value;
  return true;
}

bool is_numeric_identifier_list(std::string_view text) {
  // dot-separated, non-empty parts of [0-9A-Za-z-]
  if (text.empty()) return false;
  size_t part = 0;
  for (char c : text) {
    if (c == '.') {
      if (part == 0) return false;
      part = 0;
    } else if (is_alpha(c) || is_digit(c) || c == '-') {
      ++part;
    } else {
      return false;
    }
  }
  return part != 0;
}

}  // namespace

bool is_valid_kernel_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxKernelNameLength || !is_ident_start(name[0])) return false;
  for (char c : name)
    if (!is_ident_char(c) && c != '-') return false;
  return true;
}

bool is_valid_version(std::string_view version) {
  size_t end = version.find_first_of("-+");
  std::string_view core = version.substr(0, end);
  int numbers = 0;
  size_t start = 0;
  while (true) {
    size_t dot = core.find('.', start);
    std::string_view number = core.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (number.empty()) return false;
    for (char c : number)
      if (!is_digit(c)) return false;
    ++numbers;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (numbers != 3) return false;
  if (end == std::string_view::npos) return true;
  std::string_view tail = version.substr(end);
  size_t plus = tail.find('+');
  if (tail[0] == '-') {
    std::string_view pre = tail.substr(1, plus == std::string_view::npos ? plus : plus - 1);
    if (!is_numeric_identifier_list(pre)) return false;
  }
  return plus == std::string_view::npos || is_numeric_identifier_list(tail.substr(plus + 1));
}

bool is_valid_define(std::string_view define) {
  std::string_view name = define.substr(0, define.find('='));
  if (name.empty() || !is_ident_start(name[0])) return false;
  for (char c : name)
    if (!is_ident_char(c)) return false;
  return true;
}

bool parse_byte_size(std::string_view text, uint64_t* out) {
  size_t digits = 0;
  while (digits < text.size() && (is_digit(text[digits]) || text[digits] == '_')) ++digits;
  uint64_t value;
  if (!parse_digits(text.substr(0, digits), 10, &value)) return false;
  std::string_view suffix = text.substr(digits);
  unsigned shift = 0;
  if (!suffix.empty()) {
    switch (std::tolower(static_cast<unsigned char>(suffix[0]))) {
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      default: return false;
    }
    suffix.remove_prefix(1);
    if (suffix.size() == 2 && (suffix[0] == 'i' || suffix[0] == 'I') &&
        (suffix[1] == 'b' || suffix[1] == 'B'))
      suffix = {};
    if (!suffix.empty()) return false;
  }
  if (value > (std::numeric_limits<uint64_t>::max() >> shift)) return false;
  *out = value << shift;
  return true;
}

bool parse_u64(std::string_view text, uint64_t* out) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    return parse_digits(text.substr(2), 16, out);
  return parse_digits(text, 10, out);
}

bool parse_memory_size(std::string_view text, uint64_t* bytes) {
  size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  uint64_t value;
  if (digits == 0 || !parse_digits(text.substr(0, digits), 10, &value)) return false;
  std::string_view suffix = text.substr(digits);
  unsigned shift = 20;  // no suffix: MiB
  if (!suffix.empty()) {
    if (suffix.size() != 1) return false;
    switch (std::tolower(static_cast<unsigned char>(suffix[0]))) {
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      case 't': shift = 40; break;
      default: return false;
    }
  }
  if (value > (std::numeric_limits<uint64_t>::max() >> shift)) return false;
  *bytes = value << shift;
  return true;
}

bool is_valid_memory_size(std::string_view text) {
  uint64_t ignored;
  return parse_memory_size(text, &ignored);
}

const char* firmware_name(Firmware firmware) {
  return firmware == Firmware::uefi ? "uefi" : "bios";
}

std::optional<Firmware> parse_firmware(std::string_view name) {
  if (name == "bios") return Firmware::bios;
  if (name == "uefi") return Firmware::uefi;
  return std::nullopt;
}

std::optional<std::vector<Firmware>> parse_firmware_list(std::string_view name) {
  if (name == "all") return std::vector<Firmware>{Firmware::bios, Firmware::uefi};
  if (std::optional<Firmware> one = parse_firmware(name)) return std::vector<Firmware>{*one};
  return std::nullopt;
}

std::string firmware_list_name(const std::vector<Firmware>& firmwares) {
  if (firmwares.size() == 1) return firmware_name(firmwares.front());
  return firmwares.empty() ? "" : "all";
}

std::optional<BootProtocol> parse_boot_protocol(std::string_view name) {
  for (BootProtocol p : {BootProtocol::automatic, BootProtocol::kbuild, BootProtocol::limine, BootProtocol::multiboot2,
                         BootProtocol::multiboot1})
    if (name == boot_protocol_key(p)) return p;
  return std::nullopt;
}

const char* boot_protocol_key(BootProtocol protocol) {
  switch (protocol) {
    case BootProtocol::automatic: return "auto";
    case BootProtocol::kbuild: return "kbuild";
    case BootProtocol::limine: return "limine";
    case BootProtocol::multiboot2: return "multiboot2";
    case BootProtocol::multiboot1: return "multiboot1";
  }
  return "auto";
}

bool qemu_args_set_memory(const std::vector<std::string>& args) {
  for (const std::string& arg : args)
    if (arg == "-m" || arg == "--m") return true;
  return false;
}

}  // namespace kbuild
