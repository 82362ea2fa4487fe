// Why a test kernel passed or failed, in words: the QEMU exit rules of runner/outcome.h, made
// specific with what the run left behind: a kernel panic on serial, the triple fault in QEMU's
// fault log (named with the test ELF's symbols), or a power-off without a report.
#pragma once

#include <string>
#include <string_view>

#include "core/process.h"

namespace kbuild {

class ElfSymbols;

enum class TestStatus { passed, failed, skipped };

struct TestResult {
  std::string name;
  TestStatus status = TestStatus::failed;
  std::string reason;  // failed: one line saying why; skipped: why; passed: empty
  double seconds = 0;
  std::string serial;  // the whole serial output, line ends made "\n"
  std::string serial_log_path;  // for the report: where the full log is
};

// The debug-exit value test kernels write on failure (<kbuild/test.h>): QEMU status 35.
inline constexpr int kTestFailValue = 0x11;

struct TestEvidence {
  ProcessResult qemu;
  int success_code = 33;
  std::string serial;     // as normalize_serial made it
  std::string fault_log;  // QEMU's -d int,cpu_reset log (may be empty)
  const ElfSymbols* symbols = nullptr;  // the test ELF's; may be null
};

// Sets status and reason (name, seconds and the rest are the caller's).
void judge_test_kernel(const TestEvidence& evidence, TestResult* result);

// "\r\n" -> "\n", and bytes that are neither printable nor whitespace made '?', so a garbled
// serial line cannot upset a terminal or an XML file.
std::string normalize_serial(std::string_view raw);

// The message of the last "panic: ..." that kbuild_panic printed, or empty.
std::string find_panic(std::string_view serial);

// A panic message with its "(called from 0xADDR)" turned into "(in function+0x12)" when the
// kernel's symbols know the address; otherwise unchanged.
std::string describe_panic(const std::string& panic, const ElfSymbols* symbols);

// The last `count` lines of `text` (all of it when shorter), ending in "\n" when not empty.
std::string tail_lines(std::string_view text, size_t count);

}  // namespace kbuild
