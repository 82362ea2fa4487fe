#include "testing/case_results.h"

#include <algorithm>

namespace kbuild {
namespace {

TestResult for_case(const TestResult& kernel, const std::string& name) {
  TestResult result;
  result.kernel = kernel.name;
  result.test_case = name;
  result.name = kernel.name + "::" + name;
  result.serial_log_path = kernel.serial_log_path;
  result.kernel_seconds = kernel.seconds;
  return result;
}

void set_time(const TestResult& kernel, TestResult* result) {
  auto time = kernel.case_seconds.find(result->test_case);
  if (time == kernel.case_seconds.end()) return;
  result->seconds = time->second;
  result->timed = true;
}

}  // namespace

std::vector<TestResult> case_results(const TestResult& kernel, const std::vector<TestCase>& declared) {
  std::vector<CaseReport> reports = parse_case_reports(kernel.serial);
  std::vector<std::string> names;
  for (const TestCase& c : declared) names.push_back(c.name);
  for (const CaseReport& r : reports)
    if (std::find(names.begin(), names.end(), r.name) == names.end()) names.push_back(r.name);
  if (names.empty()) {
    TestResult whole = kernel;
    whole.kernel = kernel.name;
    whole.kernel_seconds = kernel.seconds;
    return {whole};
  }

  std::vector<TestResult> results;
  bool kernel_failed = kernel.status == TestStatus::failed;
  bool blamed = false;  // a case took the kernel's failure
  for (const std::string& name : names) {
    TestResult result = for_case(kernel, name);
    auto report = std::find_if(reports.begin(), reports.end(), [&](const CaseReport& r) { return r.name == name; });
    if (report == reports.end()) {
      result.status = TestStatus::not_run;
      result.reason = kernel.status == TestStatus::not_run ? kernel.reason
                      : kernel_failed ? "not run: the test kernel stopped before this case"
                                      : "not run: the test kernel never started this case";
    } else if (report->ending == CaseEnding::ok) {
      result.status = TestStatus::passed;
      result.serial = report->output;
      set_time(kernel, &result);
    } else if (report->ending == CaseEnding::failed) {
      result.status = TestStatus::failed;
      std::string details = report->details;
      while (!details.empty() && details.back() == '\n') details.pop_back();
      result.reason = details.empty() ? "the case failed" : details;
      result.serial = report->output;
      set_time(kernel, &result);
    } else {
      // Started and never ended: whatever ended the kernel ended it.
      result.status = TestStatus::failed;
      result.reason = "the case did not finish: " +
                      (kernel_failed ? kernel.reason : std::string("the test kernel ended inside it"));
      result.serial = kernel.serial;
      result.seconds = kernel.seconds;
      blamed = true;
    }
    results.push_back(std::move(result));
  }
  bool case_failed = std::any_of(results.begin(), results.end(),
                                 [](const TestResult& r) { return r.status == TestStatus::failed; });
  if (kernel_failed && !blamed && !case_failed) {
    TestResult whole = kernel;
    whole.kernel = kernel.name;
    whole.kernel_seconds = kernel.seconds;
    whole.reason = "the test kernel failed outside its cases: " + kernel.reason;
    results.push_back(std::move(whole));
  }
  return results;
}

}  // namespace kbuild
