#include "testing/test_selection.h"

#include <algorithm>

#include "build/plan.h"
#include "config/sources.h"

namespace kbuild {

bool test_kernels_from(const std::vector<std::filesystem::path>& sources, std::vector<TestKernel>* out,
                       std::string* err) {
  std::vector<TestKernel> tests;
  for (const auto& source : sources) tests.push_back({test_kernel_name(source), source});
  std::sort(tests.begin(), tests.end(), [](const TestKernel& a, const TestKernel& b) {
    return a.name != b.name ? a.name < b.name : a.source < b.source;
  });
  for (size_t i = 1; i < tests.size(); ++i) {
    if (tests[i].name == tests[i - 1].name) {
      *err = "two test kernels are named `" + tests[i].name + "`: " + tests[i - 1].source.string() +
             " and " + tests[i].source.string() + " (a test kernel is named after its file)";
      return false;
    }
  }
  *out = std::move(tests);
  return true;
}

bool discover_tests(const Config& config, std::vector<TestKernel>* out, std::string* err) {
  std::vector<std::filesystem::path> sources;
  if (!expand_test_sources(config, &sources, err)) return false;
  return test_kernels_from(sources, out, err);
}

TestSelection select_tests(const std::vector<TestKernel>& all, const std::vector<std::string>& filters) {
  TestSelection selection;
  for (const TestKernel& test : all) {
    bool wanted = filters.empty() ||
                  std::any_of(filters.begin(), filters.end(), [&](const std::string& filter) {
                    return test.name.find(filter) != std::string::npos;
                  });
    (wanted ? selection.selected : selection.skipped).push_back(test);
  }
  return selection;
}

namespace {

bool matches(const std::string& pattern, const std::string& kernel, const std::string& full, bool exact) {
  if (exact) return pattern == full || pattern == kernel;
  return full.find(pattern) != std::string::npos;
}

}  // namespace

bool case_selected(const CaseFilter& filter, const std::string& kernel, const std::string& test_case) {
  std::string full = test_case.empty() ? kernel : kernel + "::" + test_case;
  auto hit = [&](const std::string& pattern) { return matches(pattern, kernel, full, filter.exact); };
  if (std::any_of(filter.skip.begin(), filter.skip.end(), hit)) return false;
  return filter.include.empty() || std::any_of(filter.include.begin(), filter.include.end(), hit);
}

}  // namespace kbuild
