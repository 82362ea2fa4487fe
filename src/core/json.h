// Writing JSON strings (QMP commands, compile_commands.json). Bytes are passed through as they
// are; quotes, backslashes and control characters are escaped. Reading JSON goes through
// nlohmann::json (see qemu/qmp.cpp).
#pragma once

#include <string>
#include <string_view>

namespace kbuild {

// `text` as a JSON string literal, quotes included.
std::string json_quote(std::string_view text);

}  // namespace kbuild
