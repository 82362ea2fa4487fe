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
  EXPECT_EQ(result_line(result("basic_boot", TestStatus::passed, 0.312)), "test basic_boot ... ok (0.31 s)");
  EXPECT_EQ(result_line(result("crash", TestStatus::failed, 1.0)), "test crash ... FAILED (1.00 s)");
  EXPECT_EQ(result_line(result("other", TestStatus::skipped, 0)), "test other ... skipped");
}

TEST(TestReport, SummaryMentionsSkippedOnlyWhenThereAreSome) {
  EXPECT_EQ(summary_line({2, 3, 0}), "2 passed, 3 failed");
  EXPECT_EQ(summary_line({1, 0, 4}), "1 passed, 0 failed, 4 skipped");
  std::vector<TestResult> results = {result("a", TestStatus::passed, 0), result("b", TestStatus::failed, 0),
                                     result("c", TestStatus::skipped, 0), result("d", TestStatus::failed, 0)};
  TestCounts counts = count_results(results);
  EXPECT_EQ(counts.passed, 1u);
  EXPECT_EQ(counts.failed, 2u);
  EXPECT_EQ(counts.skipped, 1u);
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

TEST(TestReport, JunitHasCountsCasesFailuresAndOutput) {
  std::vector<TestResult> results = {
      result("boots", TestStatus::passed, 0.25),
      result("crash", TestStatus::failed, 1.5, "triple fault: #PF at RIP 0x1 (in a<int>::f+0x4)",
             "about to <fault> & die\n"),
      result("later", TestStatus::skipped, 0, "filtered out by name"),
  };
  std::string xml = junit_xml("my \"kernel\"", results, 2.0);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_NE(xml.find("<testsuite name=\"my &quot;kernel&quot;\" tests=\"3\" failures=\"1\" errors=\"0\" "
                     "skipped=\"1\" time=\"2.000\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"boots\" classname=\"my &quot;kernel&quot;.tests\" time=\"0.250\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"triple fault: #PF at RIP 0x1 (in a&lt;int&gt;::f+0x4)\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<system-out>about to &lt;fault&gt; &amp; die\n</system-out>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<skipped message=\"filtered out by name\"/>"), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<testcase "), 3u);
  EXPECT_EQ(count(xml, "<failure "), 1u);
  // Every element opened is closed (a cheap well-formedness check; the CLI test parses one fully).
  EXPECT_EQ(count(xml, "<testcase "), count(xml, "</testcase>") + count(xml, "\"/>\n") - count(xml, "<skipped "));
  EXPECT_EQ(count(xml, "<testsuite "), count(xml, "</testsuite>"));
}

}  // namespace
}  // namespace kbuild
