// Finding and reading kernel.toml into a Config, every key checked in file order. Errors are one
// line, "kernel.toml:LINE:COL: what is wrong and what to do", and reading stops at the first.
// The schema, with every default, is in src/config/README.md.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "config/config.h"

namespace kbuild {

// kernel.toml in `start` or its nearest parent directory, as an absolute path. Building and
// running a project runs programs its kernel.toml names, so, as git's safe.directory rule does,
// the search stops at a directory owned by another user than the one running kbuild, and a
// kernel.toml owned by another user is not used. When that is why nothing was found, *refused
// says so in one line (and *err includes it).
bool find_manifest(const std::filesystem::path& start, std::filesystem::path* out, std::string* err,
                   std::string* refused = nullptr);

// Parses and checks `manifest` (a regular file of at most 1 MiB), applies defaults and fills root
// and manifest_path. Relative paths
// in the file are checked against its directory. The environment variable
// KBUILD_COMPILER_LAUNCHER (space-separated; empty for none) overrides `compiler-launcher`.
bool read_config(const std::filesystem::path& manifest, Config* out, std::string* err);

// The profile called `name` ("dev", "release" or a [profile.NAME]), inheritance applied.
const Profile* find_profile(const Config& config, std::string_view name, std::string* err);

// How errors name the manifest: relative to the current directory when below it, else absolute.
std::string manifest_display_name(const std::filesystem::path& manifest);
// "kernel.toml:LINE:COL" (just the file when pos is not from the file).
std::string format_location(const std::filesystem::path& manifest, SourcePos pos);

}  // namespace kbuild
