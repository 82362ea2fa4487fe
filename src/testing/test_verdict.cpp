#include "testing/test_verdict.h"

#include "runner/symbolizer.h"

#include "image/elf_symbols.h"

#include <cstdlib>

#include <fmt/format.h>

#include "runner/fault_log.h"
#include "runner/kernel_output.h"
#include "runner/outcome.h"

namespace kbuild {

std::string tail_lines(std::string_view text, size_t count) {
  if (text.empty() || count == 0) return "";
  size_t end = text.size();
  if (text.back() == '\n') --end;  // the final line end does not start another line
  size_t start = end, seen = 0;
  while (start > 0) {
    if (text[start - 1] == '\n' && ++seen == count) break;
    --start;
  }
  std::string tail(text.substr(start));
  if (tail.back() != '\n') tail += '\n';
  return tail;
}

void judge_test_kernel(const TestEvidence& evidence, TestResult* result) {
  const ProcessResult& qemu = evidence.qemu;
  Outcome outcome = judge_test_run(qemu, evidence.success_code);
  if (outcome.passed) {
    result->status = TestStatus::passed;
    result->reason.clear();
    return;
  }
  result->status = TestStatus::failed;
  std::string reason = outcome.reason;
  std::string panic = describe_panic(find_panic(evidence.serial), evidence.symbols);
  if (!panic.empty()) panic += describe_backtrace(find_backtrace(evidence.serial), evidence.symbols);
  bool exited = qemu.started && !qemu.timed_out && !qemu.interrupted && qemu.term_signal == 0;
  if (exited && qemu.exit_code == kBootFailedStatus && qemu.exit_code != evidence.success_code) {
    result->reason = describe_boot_failure(evidence.serial);
    return;
  }
  if (exited && qemu.exit_code == 0) {
    // Exit status 0 under -no-reboot: either the CPU reset (a triple fault, which QEMU's fault
    // log shows) or the kernel powered the machine off.
    if (std::optional<std::string> fault = explain_fault_log(evidence.fault_log, evidence.symbols)) {
      reason = *fault;
    } else if (!panic.empty()) {
      result->reason = "kernel panic: " + panic;
      return;
    } else {
      reason = "powered off without reporting (the kernel halted or returned from kernel_main); "
               "QEMU exit status 0";
    }
  } else if (exited && qemu.exit_code == KBUILD_QEMU_STATUS(KBUILD_EXIT_FAIL) &&
             qemu.exit_code != evidence.success_code) {
    reason = fmt::format("the kernel reported failure: exit status {} (0x{:x} written to the "
                         "debug-exit port; success is {})",
                         qemu.exit_code, KBUILD_EXIT_FAIL, evidence.success_code);
  }
  result->reason = panic.empty() ? reason : "kernel panic: " + panic + "; then " + reason;
}

}  // namespace kbuild
