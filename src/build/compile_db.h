// compile_commands.json, so clangd (which looks in build/ under each parent folder) knows how
// every kernel and runtime source is compiled.
#pragma once

#include <filesystem>
#include <string>

#include "build/build_state.h"
#include "build/plan.h"

namespace kbuild {

// The JSON text: one entry per compile with "directory", "arguments" (argv without the launcher
// and color flags) and "file".
std::string compile_commands_json(const BuildPlan& plan, const Toolchain& tools);

// Writes <root>/build/compile_commands.json when its content changed.
bool write_compile_commands(const BuildPlan& plan, const Toolchain& tools, std::string* err);

// A fingerprint of everything compile_commands_json writes.
uint64_t compile_commands_hash(const BuildPlan& plan);

// write_compile_commands, skipped when the state says the file already holds these commands and
// it was not touched since; records what it wrote in *state.
bool update_compile_commands(const BuildPlan& plan, const Toolchain& tools, BuildState* state,
                             std::string* err);

}  // namespace kbuild
