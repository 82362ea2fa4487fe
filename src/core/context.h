// The run state handed to every step of a command, explicitly: no hidden globals (the Ctrl-C
// flag in signals.h is the one exception).
#pragma once

#include <filesystem>

#include "core/ui.h"

namespace kbuild {

struct Context {
  const Ui* ui = nullptr;
  std::filesystem::path data_dir;  // kbuild's share/kbuild: templates/, runtime/, bootloader/include/
  unsigned jobs = 1;               // -j: how many processes may run at once
};

// Where kbuild's data lives: $KBUILD_DATA_DIR, else <dir of the kbuild binary>/../share/kbuild.
bool find_data_dir(std::filesystem::path* out, std::string* err);

}  // namespace kbuild
