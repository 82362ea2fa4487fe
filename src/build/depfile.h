// The make-style dependency files clang writes with -MD: one rule of targets, a colon and
// prerequisites, continued over lines with a trailing backslash, spaces in names escaped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

struct Depfile {
  std::vector<std::string> targets;
  std::vector<std::string> inputs;  // every prerequisite of every rule, first occurrence only
};

// Parses `text`; `name` only labels errors ("main.cpp.d: ...").
bool parse_depfile(std::string_view text, std::string_view name, Depfile* out, std::string* err);

}  // namespace kbuild
