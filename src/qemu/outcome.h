// How a QEMU run is judged (design.md §5): in test mode the configured success code passes;
// QEMU exiting 0 (a triple fault under -no-reboot, or a shutdown), any other code, a timeout or
// a signal fails, each with its reason in words. A run (`kbuild run`, `kbuild runner`) succeeds
// when the kernel powers off cleanly; a loader failure, a triple fault or a panic is a failure
// with its explanation, whatever QEMU's own status was.
#pragma once

#include <string>

#include <kbuild/exit_codes.h>

#include "config/config.h"
#include "core/process.h"

namespace kbuild {

class ElfSymbols;

// QEMU's status when the bootloader gave up (after its `kbuild boot:` line on serial).
inline constexpr int kBootFailedStatus = KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED);

// What QEMU's end means, read in this one place: the judges below (and the test verdict) branch
// on it rather than on exit codes.
enum class QemuEnd {
  not_started,  // QEMU could not be run (ProcessResult::start_error says why)
  interrupted,  // kbuild stopped it because of Ctrl-C
  timed_out,    // kbuild stopped it after its timeout
  killed,       // a signal ended it (ProcessResult::term_signal)
  success,      // it exited with the configured success code (test runs only)
  boot_failed,  // kBootFailedStatus: the bootloader gave up
  exit_zero,    // status 0: a reset under -no-reboot (a triple fault) or a shutdown
  debug_exit,   // an odd status above 1: the kernel wrote (status >> 1) to the debug-exit port
  qemu_failed,  // any other status: QEMU itself failed (bad option, missing file, ...)
};

// `success_code` < 0: no success code applies (a plain run).
QemuEnd read_qemu_end(const ProcessResult& result, int success_code = -1);

struct Outcome {
  bool passed = false;
  int exit_status = 1;  // what kbuild itself exits with for this run (0 when passed)
  std::string reason;   // "exit status 33 (success code)", "timed out after 300 s", ...
};

// `success_code` is QEMU's status for a pass (33 = the kernel wrote 0x10 to the debug-exit port);
// `arch`, the kernel's, names the CPU fault a status 0 may stand for.
Outcome judge_test_run(const ProcessResult& result, int success_code, Arch arch);

// What an interactive or headless run left behind when it ended.
struct RunEvidence {
  ProcessResult qemu;        // QEMU's end (after kbuild quit it, when the guest stopped first)
  bool powered_off = false;  // the guest shut the machine down (QEMU paused it for kbuild)
  bool reset = false;        // the guest reset the machine (x86_64: a triple fault), under -no-reboot
  bool closed = false;       // the user closed QEMU (its window, or its monitor's `quit`)
  bool timed_out = false;
  long timeout_seconds = 0;
  std::string serial;        // the tail of the serial output, normalized
  std::string fault_log;     // the tail of QEMU's -d int,cpu_reset log
  const ElfSymbols* symbols = nullptr;  // the kernel's, for naming addresses; may be null
  Arch arch = Arch::x86_64;  // the kernel's: which CPU's fault log to read
};

// passed: the kernel powered off (or the user closed QEMU); exit_status 0. Otherwise the reason
// explains it: 124 for the timeout, 1 for a loader failure, a CPU fault or a panic, QEMU's
// status for a debug-exit value or QEMU's own failure, 128 + N when a signal killed QEMU.
Outcome judge_run(const RunEvidence& evidence);

// The value the kernel wrote to the isa-debug-exit port, when an odd status came from it.
inline int debug_exit_value(int qemu_status) { return qemu_status >> 1; }

}  // namespace kbuild
