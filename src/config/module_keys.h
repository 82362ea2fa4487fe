// [bootloader] modules: an array of tables, each { path = "FILE", cmdline = "..." }.
#pragma once

#include <vector>

#include "config/schema.h"

namespace kbuild {

// Each path relative to the project root must be a readable file whose name, and each cmdline,
// fit the loader's module table (boot_limits.h); errors point at the entry or its value.
bool parse_modules(KeyRead& r, toml::node& n, std::vector<ModuleConfig>* out);

}  // namespace kbuild
