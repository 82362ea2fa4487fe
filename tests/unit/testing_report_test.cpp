// What `kbuild test` prints and the JUnit XML it writes.
#include <gtest/gtest.h>

#include "testing/test_report.h"

namespace kbuild {
namespace {

TestResult result(std::string name, TestStatus status, double seconds, std::string reason = "",
                  std::string serial = "") {
  TestResult r;
  r.name = std::move(name);
  r.status = status;
  r.seconds = seconds;
  r.reason = std::move(reason);
  r.serial = std::move(serial);
  return r;
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(TestReport, ResultLines) {
  EXPECT_EQ(result_line(result("basic_boot", TestStatus::passed, 0.312)), "test basic_boot ... ok (0.312 s)");
  EXPECT_EQ(result_line(result("crash", TestStatus::failed, 1.0)), "test crash ... FAILED (1.000 s)");
  EXPECT_EQ(result_line(result("other", TestStatus::skipped, 0)), "test other ... skipped");
}

TEST(TestReport, CaseLinesNameTheKernelAndAreColoredOnRequest) {
  TestResult c = result("mm::large_alloc", TestStatus::passed, 0);
  c.kernel = "mm";
  c.test_case = "large_alloc";
  EXPECT_EQ(result_line(c), "test mm::large_alloc ... ok");
  EXPECT_EQ(result_line(c, true), "test mm::large_alloc ... \x1b[32mok\x1b[0m");
  c.status = TestStatus::failed;
  EXPECT_EQ(result_line(c, true), "test mm::large_alloc ... \x1b[31mFAILED\x1b[0m");
  c.status = TestStatus::not_run;
  EXPECT_EQ(result_line(c), "test mm::large_alloc ... not run");
  EXPECT_EQ(kernel_line(result("mm", TestStatus::passed, 0.5)), "kernel mm ... ok (0.500 s)");
  EXPECT_EQ(kernel_line(result("mm", TestStatus::passed, 0.0002)), "kernel mm ... ok (<1 ms)");
}

TEST(TestReport, TimedCasesAndKernelsThatDidNotBuild) {
  TestResult c = result("mm::tiny", TestStatus::passed, 0);
  c.kernel = "mm";
  c.test_case = "tiny";
  c.timed = true;  // measured, if too short to show
  EXPECT_EQ(result_line(c), "test mm::tiny ... ok (<1 ms)");  // not "0.000 s"
  c.seconds = 0.0004;
  EXPECT_EQ(result_line(c), "test mm::tiny ... ok (<1 ms)");
  c.seconds = 0.0123;
  EXPECT_EQ(result_line(c), "test mm::tiny ... ok (0.012 s)");

  TestResult broken = result("broken", TestStatus::failed, 0, "the test kernel did not build:\nerror: x");
  broken.did_not_build = true;
  EXPECT_EQ(result_line(broken), "test broken ... FAILED (did not build)");
  EXPECT_EQ(failure_details(broken), "---- broken ----\nthe test kernel did not build:\nerror: x\n");
}

// The closing line's format changed with per-case results: it counts cases, "not run" ones and
// kernels, and calls filtered-out cases that.
TEST(TestReport, SummaryCountsCasesNotRunAndKernels) {
  TestCounts plain;
  plain.passed = 2;
  plain.failed = 3;
  plain.kernels = 1;
  EXPECT_EQ(summary_line(plain), "2 passed, 3 failed (1 test kernel)");
  TestCounts more{41, 2, 4, 3, 7};
  EXPECT_EQ(summary_line(more), "41 passed, 2 failed, 3 not run (7 test kernels), 4 filtered out");
  std::vector<TestResult> results = {result("a", TestStatus::passed, 0), result("b", TestStatus::failed, 0),
                                     result("c", TestStatus::skipped, 0), result("d", TestStatus::failed, 0),
                                     result("e", TestStatus::not_run, 0)};
  results[3].kernel = "a";  // a case of kernel a
  TestCounts counts = count_results(results);
  EXPECT_EQ(counts.passed, 1u);
  EXPECT_EQ(counts.failed, 2u);
  EXPECT_EQ(counts.skipped, 1u);
  EXPECT_EQ(counts.not_run, 1u);
  EXPECT_EQ(counts.kernels, 3u);  // a, b, e: c was filtered out
}

TEST(TestReport, FailureDetailsShowTheReasonAndTheSerialTail) {
  std::string serial;
  for (int i = 1; i <= 30; ++i) serial += "line " + std::to_string(i) + "\n";
  TestResult r = result("crash", TestStatus::failed, 0.5, "kernel panic: out of frames", serial);
  r.serial_log_path = "build/dev/tests/crash.serial.log";
  std::string text = failure_details(r);
  EXPECT_EQ(text.rfind("---- crash ----\nkernel panic: out of frames\n", 0), 0u) << text;
  EXPECT_NE(text.find("last 20 lines (build/dev/tests/crash.serial.log)"), std::string::npos) << text;
  EXPECT_EQ(text.find("  | line 10\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  | line 11\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  | line 30\n"), std::string::npos) << text;
  EXPECT_EQ(count(text, "  | "), 20u);

  TestResult quiet = result("quiet", TestStatus::failed, 0.5, "timed out", "");
  EXPECT_NE(failure_details(quiet).find("no serial output"), std::string::npos);
  TestResult short_log = result("s", TestStatus::failed, 0.5, "x", "only line\n");
  EXPECT_NE(failure_details(short_log).find("serial output:\n  | only line\n"), std::string::npos)
      << failure_details(short_log);
}

TEST(TestReport, XmlEscapesMarkupQuotesAndControlBytes) {
  EXPECT_EQ(xml_escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  EXPECT_EQ(xml_escape(std::string("x\x01y\x1b[0m\tz\n", 10)), "x?y?[0m\tz\n");
  EXPECT_EQ(xml_escape("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(xml_escape(""), "");
}

// One <testsuite> per kernel now, each case a <testcase> of it (the old single suite named after
// the project, with classname "PROJECT.tests", is gone).
TEST(TestReport, JunitHasASuitePerKernelAndACasePerCase) {
  auto in = [](TestResult r, std::string kernel, std::string test_case, double kernel_seconds) {
    r.kernel = std::move(kernel);
    r.test_case = std::move(test_case);
    r.kernel_seconds = kernel_seconds;
    return r;
  };
  std::vector<TestResult> results = {
      in(result("mm::boots", TestStatus::passed, 0), "mm", "boots", 0.25),
      in(result("mm::crash", TestStatus::failed, 0.25, "triple fault: #PF at RIP 0x1 (in a<int>::f+0x4)",
                "about to <fault> & die\n"),
         "mm", "crash", 0.25),
      in(result("mm::later", TestStatus::not_run, 0, "not run: the test kernel stopped before this case"), "mm",
         "later", 0.25),
      in(result("other", TestStatus::skipped, 0, "filtered out by name"), "other", "", 0),
  };
  std::string xml = junit_xml("my \"kernel\"", results, 2.0);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_NE(xml.find("<testsuites name=\"my &quot;kernel&quot;\" tests=\"4\" failures=\"1\" errors=\"0\" "
                     "skipped=\"2\" time=\"2.000\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"mm\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" "
                     "time=\"0.250\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"boots\" classname=\"mm\" time=\"0.000\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"triple fault: #PF at RIP 0x1 (in a&lt;int&gt;::f+0x4)\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<system-out>about to &lt;fault&gt; &amp; die\n</system-out>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<skipped message=\"not run: the test kernel stopped before this case\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"other\" classname=\"other\""), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<testcase "), 4u);
  EXPECT_EQ(count(xml, "<failure "), 1u);
  EXPECT_EQ(count(xml, "<testsuite "), 2u);
  EXPECT_EQ(count(xml, "<testsuite "), count(xml, "</testsuite>"));
}

}  // namespace
}  // namespace kbuild
