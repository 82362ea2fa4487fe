// Paths relative to a root, decided lexically (no symbolic link resolved, nothing read): how
// messages, commands and reports name the files of a project.
#pragma once

#include <filesystem>
#include <string>

namespace kbuild {

// Whether `path` lies inside `root` (`root` itself included: it is shown as ".").
bool path_inside(const std::filesystem::path& root, const std::filesystem::path& path);

// `path` relative to `root` when it lies inside it, else as given.
std::string display_path(const std::filesystem::path& root, const std::filesystem::path& path);

// How messages show a path to the user: relative to the current directory when it lies under
// it, else absolute, so it works as written from where the command was run (a subdirectory of
// the project included).
std::string shown_path(const std::filesystem::path& path);

}  // namespace kbuild
