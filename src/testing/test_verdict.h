// Why a test kernel passed or failed, in words: the QEMU exit rules of qemu/outcome.h, made
// specific with what the run left behind: a kernel panic on serial, the triple fault in QEMU's
// fault log (named with the test ELF's symbols), or a power-off without a report.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <kbuild/exit_codes.h>

#include "config/arch.h"
#include "config/test_kernels.h"
#include "core/process.h"
#include "qemu/kernel_output.h"  // normalize_serial, find_panic, describe_panic

namespace kbuild {

class ElfSymbols;

// skipped: filtered out; not_run: selected, but its kernel stopped (or was stopped) before it.
enum class TestStatus { passed, failed, skipped, not_run };

struct TestResult {
  std::string name;    // "KERNEL::CASE" for a case, "KERNEL" for a whole test kernel
  std::string kernel;  // the test kernel ("NAME" or "NAME[uefi]"); JUnit's classname
  std::string test_case;  // the case's own name; empty for a whole kernel
  TestStatus status = TestStatus::failed;
  std::string reason;  // failed: one line saying why; skipped: why; passed: empty
  std::string note;    // passed by an expectation: which ("expected a kernel panic")
  double seconds = 0;
  bool timed = false;         // a case: seconds was measured (testing/case_timer.h)
  double kernel_seconds = 0;  // the whole kernel's run, for a case's report
  std::map<std::string, double> case_seconds;  // a kernel: its cases' times, by case name
  std::string serial;  // the whole serial output, line ends made "\n"
  std::string serial_log_path;  // for the report: where the full log is
  bool did_not_build = false;  // failed: its sources did not compile or link (the reason says how)
  std::optional<std::string> screen;  // the final text screen, when it was read (expect-screen)
};

struct TestEvidence {
  ProcessResult qemu;
  int success_code = KBUILD_QEMU_STATUS(KBUILD_EXIT_PASS);
  std::string serial;     // as normalize_serial made it
  std::string fault_log;  // QEMU's -d int,cpu_reset log (may be empty)
  const ElfSymbols* symbols = nullptr;  // the test ELF's; may be null
  Arch arch = Arch::x86_64;             // the test ELF's: which CPU's fault log to read
  TestExpectation expect;               // [test.NAME] expect
};

// Sets status and reason (name, seconds and the rest are the caller's). With an expectation other
// than a pass, the kernel passes when it ended that way (the note says so) and fails otherwise,
// the reason saying what was expected and what happened instead.
void judge_test_kernel(const TestEvidence& evidence, TestResult* result);

// The last `count` lines of `text` (all of it when shorter), ending in "\n" when not empty.
std::string tail_lines(std::string_view text, size_t count);

}  // namespace kbuild
