#include "testing/test_report.h"

#include <fmt/format.h>

namespace kbuild {

std::string result_line(const TestResult& result) {
  switch (result.status) {
    case TestStatus::passed:
      return fmt::format("test {} ... ok ({:.2f} s)", result.name, result.seconds);
    case TestStatus::failed:
      return fmt::format("test {} ... FAILED ({:.2f} s)", result.name, result.seconds);
    case TestStatus::skipped:
      break;
  }
  return fmt::format("test {} ... skipped", result.name);
}

std::string failure_details(const TestResult& result) {
  std::string out = fmt::format("---- {} ----\n{}\n", result.name, result.reason);
  if (result.serial.empty()) {
    out += "no serial output";
    if (!result.serial_log_path.empty()) out += " (" + result.serial_log_path + " is empty)";
    return out + "\n";
  }
  std::string tail = tail_lines(result.serial, kSerialTailLines);
  bool whole = tail.size() >= result.serial.size();
  out += whole ? "serial output" : fmt::format("serial output, last {} lines", kSerialTailLines);
  if (!result.serial_log_path.empty()) out += " (" + result.serial_log_path + ")";
  out += ":\n";
  size_t start = 0;
  while (start < tail.size()) {
    size_t end = tail.find('\n', start);
    out += "  | " + tail.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

TestCounts count_results(const std::vector<TestResult>& results) {
  TestCounts counts;
  for (const TestResult& r : results) {
    if (r.status == TestStatus::passed) ++counts.passed;
    if (r.status == TestStatus::failed) ++counts.failed;
    if (r.status == TestStatus::skipped) ++counts.skipped;
  }
  return counts;
}

std::string summary_line(const TestCounts& counts) {
  std::string line = fmt::format("{} passed, {} failed", counts.passed, counts.failed);
  if (counts.skipped) line += fmt::format(", {} skipped", counts.skipped);
  return line;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Bytes from 0x80 pass through: callers hand in ASCII or valid UTF-8.
        out += (c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || c == 0x7f ? '?' : ch;
    }
  }
  return out;
}

std::string junit_xml(const std::string& suite, const std::vector<TestResult>& results, double seconds) {
  TestCounts counts = count_results(results);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
      results.size(), counts.failed, counts.skipped, seconds);
  out += fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
      xml_escape(suite), results.size(), counts.failed, counts.skipped, seconds);
  for (const TestResult& r : results) {
    out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\"",
                       xml_escape(r.name), xml_escape(suite + ".tests"), r.seconds);
    if (r.status == TestStatus::passed && r.serial.empty()) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (r.status == TestStatus::failed)
      // The attribute holds the first line (parsers fold line ends in attributes); the body all.
      out += fmt::format("      <failure message=\"{}\" type=\"failure\">{}</failure>\n",
                         xml_escape(r.reason.substr(0, r.reason.find('\n'))), xml_escape(r.reason));
    if (r.status == TestStatus::skipped)
      out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(r.reason));
    if (!r.serial.empty())
      out += "      <system-out>" + xml_escape(r.serial) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace kbuild
