// The run state handed to every step of a command, explicitly: no hidden globals (the Ctrl-C
// flag in signals.h is the one exception).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/ui.h"

namespace kbuild {

// The environment variables that change what kbuild does, read once at start (main), so the
// library below is a function of its inputs; tests build one instead of calling setenv.
// Unset and empty are the same, except for compiler_launcher.
struct Environment {
  std::string data_dir;  // KBUILD_DATA_DIR: kbuild's share/kbuild (templates/, runtime/)
  std::string cxx;       // KBUILD_CXX: the C++ compiler (default clang++)
  std::string cc;        // KBUILD_CC: the C compiler and assembler (default clang)
  std::string ld;        // KBUILD_LD: the linker (default ld.lld)
  // KBUILD_COMPILER_LAUNCHER, split on spaces and tabs. Set, it wins over kernel.toml's
  // compiler-launcher; set but empty, it turns the launcher off.
  std::optional<std::vector<std::string>> compiler_launcher;
};

// The Environment of this process.
Environment read_environment();

struct Context {
  const Ui* ui = nullptr;
  std::filesystem::path data_dir;  // kbuild's share/kbuild: templates/, runtime/, bootloader/include/
  unsigned jobs = 1;               // -j: how many processes may run at once
  Environment env;
};

// Where kbuild's data lives: env.data_dir ($KBUILD_DATA_DIR), else <dir of the kbuild
// binary>/../share/kbuild.
bool find_data_dir(const Environment& env, std::filesystem::path* out, std::string* err);

}  // namespace kbuild
