// compile_commands.json, so clangd (which looks in build/ under each parent folder) knows how
// every kernel and runtime source is compiled.
#pragma once

#include <filesystem>
#include <string>

#include "build/plan.h"

namespace kbuild {

// The JSON text: one entry per compile with "directory", "arguments" (argv without the launcher
// and color flags) and "file".
std::string compile_commands_json(const BuildPlan& plan, const Toolchain& tools);

// Writes <root>/build/compile_commands.json when its content changed.
bool write_compile_commands(const BuildPlan& plan, const Toolchain& tools, std::string* err);

}  // namespace kbuild
