// The make-style dependency files clang writes with -MD: one rule of targets, a colon and
// prerequisites, continued over lines with a trailing backslash, spaces in names escaped.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

// Depfiles list one object's headers; far past any real one, this stops a runaway read.
inline constexpr uint64_t kMaxDepfileBytes = uint64_t{64} << 20;

struct Depfile {
  std::vector<std::string> targets;
  std::vector<std::string> inputs;  // every prerequisite of every rule, first occurrence only
};

// Parses `text`; `name` only labels errors ("main.cpp.d: ...").
bool parse_depfile(std::string_view text, std::string_view name, Depfile* out, std::string* err);

// Whether `text` is a whole depfile as compilers write it: ending in a newline that does not
// continue a line. A depfile cut off while being written fails this.
bool depfile_is_whole(std::string_view text);
// Whether one of the depfile's targets, relative to `root` or absolute, is `object`.
bool depfile_has_target(const Depfile& depfile, const std::filesystem::path& root,
                        const std::string& object);

}  // namespace kbuild
