// Reading kernel.toml into a Config, every key checked in file order. Errors are one line,
// "kernel.toml:LINE:COL: what is wrong and what to do", and reading stops at the first.
// Every key, its default and its limits: the kernel.toml section of the README.
#pragma once

#include <filesystem>
#include <string>

#include "config/config.h"
#include "config/manifest.h"
#include "config/profiles.h"

namespace kbuild {

// Parses and checks `manifest` (a regular file of at most 1 MiB), applies defaults and fills root
// and manifest_path. Relative paths in the file are checked against its directory. A function
// of the file alone: the environment is applied later (make_toolchain).
bool read_config(const std::filesystem::path& manifest, Config* out, std::string* err);

}  // namespace kbuild
