#include "runner/outcome.h"

#include <fmt/format.h>

namespace kbuild {

Outcome judge_test_run(const ProcessResult& result, int success_code) {
  Outcome o;
  if (!result.started) {
    o.reason = "QEMU did not start: " + result.start_error;
    return o;
  }
  if (result.interrupted) {
    o.exit_status = 130;
    o.reason = "interrupted";
    return o;
  }
  if (result.timed_out) {
    o.reason = fmt::format("timed out after {:.0f} s (the kernel never reported; is it stuck?)", result.seconds);
    return o;
  }
  if (result.term_signal) {
    o.exit_status = 128 + result.term_signal;
    o.reason = fmt::format("QEMU was killed by signal {}", result.term_signal);
    return o;
  }
  int code = result.exit_code;
  if (code == success_code) {
    o.passed = true;
    o.exit_status = 0;
    o.reason = fmt::format("exit status {} (success)", code);
  } else if (code == 0) {
    o.reason = "QEMU exited with status 0: the kernel triple-faulted (with -no-reboot a CPU reset ends "
               "QEMU) or shut the machine down, instead of reporting through the debug-exit port";
  } else if (code % 2 == 1) {
    o.exit_status = code;
    o.reason = fmt::format("exit status {} (the kernel wrote 0x{:x} to the debug-exit port; success is {})",
                           code, debug_exit_value(code), success_code);
  } else {
    o.exit_status = code;
    o.reason = fmt::format("QEMU failed with exit status {}", code);
  }
  return o;
}

}  // namespace kbuild
