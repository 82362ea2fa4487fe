#include "testing/test_report.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/duration.h"

namespace kbuild {

namespace {

std::string paint(const char* word, const char* ansi, bool color) {
  return color ? fmt::format("\x1b[{}m{}\x1b[0m", ansi, word) : std::string(word);
}

std::string verdict(TestStatus status, bool color) {
  switch (status) {
    case TestStatus::passed: return paint("ok", "32", color);
    case TestStatus::failed: return paint("FAILED", "31", color);
    case TestStatus::not_run: return paint("not run", "33", color);
    case TestStatus::skipped: break;
  }
  return "skipped";
}

}  // namespace

std::string result_line(const TestResult& result, bool color) {
  std::string line = fmt::format("test {} ... {}", result.name, verdict(result.status, color));
  bool timed = result.status == TestStatus::passed || result.status == TestStatus::failed;
  if (result.did_not_build)
    line += " (did not build)";
  else if (timed && (result.test_case.empty() || result.seconds > 0 || result.timed))
    line += fmt::format(" ({}{})", format_duration(result.seconds), result.note.empty() ? "" : ", " + result.note);
  else if (!result.note.empty())
    line += " (" + result.note + ")";
  return line;
}

std::string kernel_line(const TestResult& kernel, bool color) {
  return fmt::format("kernel {} ... {} ({})", kernel.name, verdict(kernel.status, color),
                     format_duration(kernel.seconds));
}

std::string failure_details(const TestResult& result) {
  std::string out = fmt::format("---- {} ----\n{}\n", result.name, result.reason);
  if (result.did_not_build) return out;  // it never booted
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
  std::vector<std::string> kernels;
  for (const TestResult& r : results) {
    if (r.status == TestStatus::passed) ++counts.passed;
    if (r.status == TestStatus::failed) ++counts.failed;
    if (r.status == TestStatus::skipped) ++counts.skipped;
    if (r.status == TestStatus::not_run) ++counts.not_run;
    std::string kernel = r.kernel.empty() ? r.name : r.kernel;
    if (r.status != TestStatus::skipped && std::find(kernels.begin(), kernels.end(), kernel) == kernels.end())
      kernels.push_back(kernel);
  }
  counts.kernels = kernels.size();
  return counts;
}

std::string summary_line(const TestCounts& counts) {
  std::string line = fmt::format("{} passed, {} failed", counts.passed, counts.failed);
  if (counts.not_run) line += fmt::format(", {} not run", counts.not_run);
  line += fmt::format(" ({} test kernel{})", counts.kernels, counts.kernels == 1 ? "" : "s");
  if (counts.skipped) line += fmt::format(", {} filtered out", counts.skipped);
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

std::string junit_xml(const std::string& project, const std::vector<TestResult>& results, double seconds) {
  TestCounts all = count_results(results);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
      xml_escape(project), results.size(), all.failed, all.skipped + all.not_run, seconds);
  // One suite per kernel, in the order the kernels first appear.
  std::vector<std::string> kernels;
  for (const TestResult& r : results) {
    std::string kernel = r.kernel.empty() ? r.name : r.kernel;
    if (std::find(kernels.begin(), kernels.end(), kernel) == kernels.end()) kernels.push_back(kernel);
  }
  for (const std::string& kernel : kernels) {
    std::vector<TestResult> mine;
    double kernel_seconds = 0;
    for (const TestResult& r : results) {
      if ((r.kernel.empty() ? r.name : r.kernel) != kernel) continue;
      mine.push_back(r);
      kernel_seconds = std::max(kernel_seconds, r.kernel_seconds);
    }
    TestCounts counts = count_results(mine);
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3f}\">\n",
        xml_escape(kernel), mine.size(), counts.failed, counts.skipped + counts.not_run, kernel_seconds);
    for (const TestResult& r : mine) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\"",
                         xml_escape(r.test_case.empty() ? r.name : r.test_case), xml_escape(kernel),
                         r.seconds);
      if (r.status == TestStatus::passed && r.serial.empty()) {
        out += "/>\n";
        continue;
      }
      out += ">\n";
      if (r.status == TestStatus::failed)
        // The attribute holds the first line (parsers fold line ends in attributes); the body all.
        out += fmt::format("      <failure message=\"{}\" type=\"failure\">{}</failure>\n",
                           xml_escape(r.reason.substr(0, r.reason.find('\n'))), xml_escape(r.reason));
      if (r.status == TestStatus::skipped || r.status == TestStatus::not_run)
        out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(r.reason));
      if (!r.serial.empty()) out += "      <system-out>" + xml_escape(r.serial) + "</system-out>\n";
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace kbuild
