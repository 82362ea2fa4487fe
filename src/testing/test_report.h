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

// "test basic ... ok (0.31 s)", "test crash ... FAILED (1.02 s)"; no line end.
std::string result_line(const TestResult& result);

// For a failed test: its reason, then the tail of its serial output with where the full log is.
std::string failure_details(const TestResult& result);

struct TestCounts {
  size_t passed = 0, failed = 0, skipped = 0;
};
TestCounts count_results(const std::vector<TestResult>& results);

// "2 passed, 3 failed", plus ", 1 skipped" when some were skipped.
std::string summary_line(const TestCounts& counts);

// Text for XML element content and attribute values: & < > " ' escaped, and characters XML 1.0
// cannot hold (control bytes other than tab and line ends) replaced by '?'.
std::string xml_escape(std::string_view text);

// A JUnit XML document: one <testsuite name=suite> with tests/failures/errors/skipped/time, and a
// <testcase> per result with a <failure message=reason> and the serial output as <system-out>.
std::string junit_xml(const std::string& suite, const std::vector<TestResult>& results, double seconds);

}  // namespace kbuild
