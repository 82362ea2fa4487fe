// How messages show a path to the user.
#pragma once

#include <filesystem>
#include <string>

namespace kbuild {

// Relative to the current directory when it lies under it, else absolute: usable as it is from
// where the command was run, a subdirectory of the project included.
std::string shown_path(const std::filesystem::path& path);

}  // namespace kbuild
