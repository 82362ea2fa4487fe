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

// The folder a pattern starts with: its components before the first one with a wildcard, the
// file name left out ("tests/**/*.cpp" -> "tests", "tests/x.cpp" -> "tests", "*.cpp" -> "").
// Where expand_glob starts its walk.
std::filesystem::path glob_literal_dir(std::string_view pattern);

// Rejects patterns that can never work: empty, absolute, an unclosed '[', or '**' glued to
// other characters (which would silently act as '*').
bool check_glob(std::string_view pattern, std::string* err);

// What a directory walk did, for tests that check it stays proportional to the tree.
struct GlobStats {
  size_t directories_read = 0;
};

// Appends the regular files under `root` that match `pattern`, sorted, as root / relative path.
// Wildcards never enter hidden entries (".git", ".cache") nor the build output directory
// `root/build`; components written out literally may name them. Symlinks are followed; a file
// reached by several paths is listed once (under a path through no symlink when there is one),
// and a symlink loop is walked round once. Stops with "interrupted" on Ctrl-C.
bool expand_glob(const std::filesystem::path& root, std::string_view pattern,
                 std::vector<std::filesystem::path>* out, std::string* err,
                 GlobStats* stats = nullptr);

}  // namespace kbuild
