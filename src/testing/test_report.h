// What `kbuild test` prints (one line per test, failure details, the closing count) and the JUnit
// XML file CI systems read. Pure text: nothing here runs or writes anything.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "testing/test_verdict.h"

namespace kbuild {

// How many serial lines a failure shows.
inline constexpr size_t kSerialTailLines = 20;

// "test basic ... ok (0.312 s)", "test crash ... FAILED (1.020 s)", "test mm::big ... not run",
// "test broken ... FAILED (did not build)", "test mm::tiny ... ok (<1 ms)" (core/duration.h); a
// case's line has no time unless it has one. With `color`, ok is green and FAILED red
// (ANSI). No line end.
std::string result_line(const TestResult& result, bool color = false);

// After a kernel's case lines: "kernel mm ... ok (0.310 s)"; no line end.
std::string kernel_line(const TestResult& kernel, bool color = false);

// For a failed test: its reason, then the tail of its serial output with where the full log is.
std::string failure_details(const TestResult& result);

struct TestCounts {
  size_t passed = 0, failed = 0, skipped = 0, not_run = 0;
  size_t kernels = 0;  // distinct test kernels among the results that were not skipped
};
TestCounts count_results(const std::vector<TestResult>& results);

// "41 passed, 2 failed, 3 not run (7 test kernels)": "not run" only when some were, then
// ", 1 filtered out" when filters left some out.
std::string summary_line(const TestCounts& counts);

// Text for XML element content and attribute values: & < > " ' escaped, and characters XML 1.0
// cannot hold (control bytes other than tab and line ends) replaced by '?'.
std::string xml_escape(std::string_view text);

// A JUnit XML document: <testsuites name=project> holding one <testsuite> per test kernel (its
// time the kernel's run) with tests/failures/errors/skipped/time, and a <testcase> per result
// (name = the case, classname = the kernel) with its own <failure message=reason>, <skipped>
// for filtered-out and not-run ones, and its own serial output as <system-out>.
std::string junit_xml(const std::string& project, const std::vector<TestResult>& results, double seconds);

}  // namespace kbuild
