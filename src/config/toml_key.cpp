#include "config/toml_key.h"

#include <algorithm>

#include "core/json.h"

namespace kbuild {

namespace {

bool bare_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

std::string toml_key(std::string_view key) {
  if (!key.empty() && std::all_of(key.begin(), key.end(), bare_key_char)) return std::string(key);
  // A JSON string's escapes are TOML's; TOML also wants DEL escaped.
  std::string quoted = json_quote(key), out;
  out.reserve(quoted.size());
  for (char c : quoted) out += c == '\x7f' ? std::string("\\u007f") : std::string(1, c);
  return out;
}

std::string test_table_name(std::string_view name) { return "[test." + toml_key(name) + "]"; }

}  // namespace kbuild
