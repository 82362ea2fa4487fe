// Globs for source lists, as in kernel.toml's `sources = ["src/**/*.cpp"]`.
//   *      any run of characters within one path component (never '/')
//   ?      one character other than '/'
//   [...]  one character from a set: [abc], ranges [a-z], negated [!a-z] or [^a-z]
//   **     as a whole component: any number of directories, none included
//   \c     the character c itself
// Paths use '/' and are relative to a project root.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

// Whether `path` (relative, '/'-separated) matches `pattern` in full.
bool glob_match(std::string_view pattern, std::string_view path);

// Rejects patterns that can never work: empty, absolute, an unclosed '[', or '**' glued to
// other characters (which would silently act as '*').
bool check_glob(std::string_view pattern, std::string* err);

// Appends the regular files under `root` that match `pattern`, sorted, as root / relative path.
// Wildcards never enter hidden entries (".git", ".cache") nor the build output directory
// `root/build`; components written out literally may name them.
bool expand_glob(const std::filesystem::path& root, std::string_view pattern,
                 std::vector<std::filesystem::path>* out, std::string* err);

}  // namespace kbuild
