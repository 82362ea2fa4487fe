#include "testing/test_selection.h"

#include <algorithm>

#include <fmt/format.h>

#include "build/plan.h"
#include "config/toml_key.h"
#include "config/glob.h"
#include "config/sources.h"

namespace kbuild {

namespace {

// Sorts by name and rejects two files with one name.
bool sorted_unique(std::vector<TestKernel> tests, std::vector<TestKernel>* out, std::string* err) {
  std::sort(tests.begin(), tests.end(), [](const TestKernel& a, const TestKernel& b) {
    return a.name != b.name ? a.name < b.name : a.source < b.source;
  });
  for (size_t i = 1; i < tests.size(); ++i) {
    if (tests[i].name == tests[i - 1].name) {
      *err = "two test kernels are named `" + tests[i].name + "`: " + tests[i - 1].source.string() +
             " and " + tests[i].source.string() + " (a test kernel is named after its path under the folder of its [test] sources glob, without the extension)";
      return false;
    }
  }
  *out = std::move(tests);
  return true;
}

}  // namespace

bool test_kernels_from(const std::vector<std::filesystem::path>& sources, std::vector<TestKernel>* out,
                       std::string* err) {
  std::vector<TestKernel> tests;
  for (const auto& source : sources) tests.push_back({test_kernel_name(source), source, {}});
  return sorted_unique(std::move(tests), out, err);
}

std::string test_kernel_name_in(const std::filesystem::path& base, const std::filesystem::path& source) {
  std::filesystem::path rel = source.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") rel = source.filename();
  return rel.replace_extension().generic_string();
}

bool discover_tests(const Config& config, std::vector<TestKernel>* out, std::string* err) {
  std::vector<std::filesystem::path> sources;
  std::vector<size_t> glob_of;
  if (!expand_test_sources(config, &sources, err, &glob_of)) return false;
  // Each file is named under the first glob (in kernel.toml's order) that finds it.
  std::vector<TestKernel> tests;
  for (size_t i = 0; i < sources.size(); ++i) {
    std::filesystem::path base = config.root / glob_literal_dir(config.test.sources[glob_of[i]]);
    tests.push_back({test_kernel_name_in(base, sources[i]), sources[i], {}});
  }
  for (TestKernel& test : tests) {
    const TestKernelSettings* settings = find_test_kernel_settings(config.test.kernels, test.name);
    if (!settings) continue;
    for (const std::string& glob : settings->sources) {
      std::vector<std::filesystem::path> found;
      std::string glob_err;
      if (!expand_glob(config.root, glob, &found, &glob_err) || found.empty()) {
        *err = fmt::format("{}: {} sources: {}", config.manifest_path.filename().string(), test_table_name(test.name),
                           glob_err.empty() ? fmt::format("'{}' matches no file", glob) : glob_err);
        return false;
      }
      for (auto& path : found)
        if (path != test.source && std::find(test.extra_sources.begin(), test.extra_sources.end(), path) ==
                                       test.extra_sources.end())
          test.extra_sources.push_back(std::move(path));
    }
  }
  return sorted_unique(std::move(tests), out, err);
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
