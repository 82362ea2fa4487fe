// How a QEMU run is judged (design.md §5): in test mode the configured success code passes;
// QEMU exiting 0 (a triple fault under -no-reboot, or a shutdown), any other code, a timeout or
// a signal fails, each with its reason in words.
#pragma once

#include <string>

#include "core/process.h"

namespace kbuild {

struct Outcome {
  bool passed = false;
  int exit_status = 1;  // what kbuild itself exits with for this run (0 when passed)
  std::string reason;   // "exit status 33 (success code)", "timed out after 300 s", ...
};

// `success_code` is QEMU's status for a pass (33 = the kernel wrote 0x10 to the debug-exit port).
Outcome judge_test_run(const ProcessResult& result, int success_code);

// The value the kernel wrote to the isa-debug-exit port, when an odd status came from it.
inline int debug_exit_value(int qemu_status) { return qemu_status >> 1; }

}  // namespace kbuild
