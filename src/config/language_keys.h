// The language keys of [kernel] that need more than a type check: c-standard.
#pragma once

#include <string>
#include <string_view>

namespace kbuild {

// The C standards clang 14 takes for kernel C: "c99", "c11", "c17", "c2x" and their GNU forms.
// Empty when `value` is a supported c-standard, otherwise the message (with a "did you mean").
std::string check_c_standard(std::string_view value);

}  // namespace kbuild
