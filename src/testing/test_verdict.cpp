#include "testing/test_verdict.h"

#include "qemu/symbolizer.h"

#include "image/elf_symbols.h"

#include <cstdlib>

#include <fmt/format.h>

#include "qemu/fault_log.h"
#include "qemu/kernel_output.h"
#include "qemu/outcome.h"

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

namespace {

void judge_as_usual(const TestEvidence& evidence, TestResult* result);

// Whether the run ended the way `expect` says, whatever the usual verdict.
bool ended_as_expected(const TestEvidence& evidence, const TestExpectation& expect) {
  const ProcessResult& qemu = evidence.qemu;
  bool exited = qemu.started && !qemu.timed_out && !qemu.interrupted && qemu.term_signal == 0;
  using Kind = TestExpectation::Kind;
  switch (expect.kind) {
    case Kind::timeout: return qemu.timed_out;
    case Kind::exit: return exited && qemu.exit_code == expect.exit_status;
    case Kind::fault:
      return exited && qemu.exit_code == 0 && explain_fault_log(evidence.arch, evidence.fault_log, evidence.symbols).has_value();
    case Kind::panic: return exited && !find_panic(evidence.serial).empty();
    case Kind::pass: break;
  }
  return false;
}

}  // namespace

void judge_test_kernel(const TestEvidence& evidence, TestResult* result) {
  if (evidence.expect.kind == TestExpectation::Kind::pass) return judge_as_usual(evidence, result);
  TestResult usual;
  judge_as_usual(evidence, &usual);
  std::string expected = describe_expectation(evidence.expect);
  if (evidence.expect.kind == TestExpectation::Kind::fault)
    expected += fmt::format(" ({})", cpu_fault_name(evidence.arch));  // as the kernel's CPU calls it
  if (ended_as_expected(evidence, evidence.expect)) {
    result->status = TestStatus::passed;
    result->reason.clear();
    result->note = "expected " + expected;
    return;
  }
  result->status = TestStatus::failed;
  std::string happened = usual.status == TestStatus::passed ? "the kernel passed" : usual.reason;
  result->reason = fmt::format("expected {} (expect in its [test.NAME] table), but {}", expected, happened);
}

namespace {

void judge_as_usual(const TestEvidence& evidence, TestResult* result) {
  const ProcessResult& qemu = evidence.qemu;
  Outcome outcome = judge_test_run(qemu, evidence.success_code, evidence.arch);
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
    if (std::optional<std::string> fault = explain_fault_log(evidence.arch, evidence.fault_log, evidence.symbols)) {
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

}  // namespace

}  // namespace kbuild
