// Finding kernel.toml (the upward search and its ownership rule) and naming it in errors.
#pragma once

#include <filesystem>
#include <string>

#include "config/config.h"

namespace kbuild {

// kernel.toml in `start` or its nearest parent directory, as an absolute path. Building and
// running a project runs programs its kernel.toml names, so, as git's safe.directory rule does,
// the search stops at a directory owned by another user than the one running kbuild, and a
// kernel.toml owned by another user is not used. When that is why nothing was found, *refused
// says so in one line (and *err includes it).
bool find_manifest(const std::filesystem::path& start, std::filesystem::path* out, std::string* err,
                   std::string* refused = nullptr);

// How errors name the manifest: relative to the current directory when below it, else absolute.
std::string manifest_display_name(const std::filesystem::path& manifest);
// "kernel.toml:LINE:COL" (just the file when pos is not from the file).
std::string format_location(const std::filesystem::path& manifest, SourcePos pos);

}  // namespace kbuild
