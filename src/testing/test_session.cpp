#include "testing/test_session.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "build/build.h"
#include "core/fs.h"
#include "pipeline/pipeline.h"
#include "testing/test_report.h"
#include "testing/test_runner.h"
#include "testing/test_selection.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

// "'a', 'b'"
std::string quoted_list(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "'" : ", '") + word + "'";
  return text;
}

}  // namespace

bool run_test_session(const Context& ctx, const Config& config, const TestSessionOptions& options,
                      TestSessionResult* out, std::string* err) {
  *out = TestSessionResult();
  auto print = [&](const std::string& text) {
    if (options.print) options.print(text);
  };
  // Fail before the work when the report could not be written at the end.
  if (!options.junit.empty()) {
    fs::path dir = fs::absolute(options.junit).parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      *err = fmt::format("cannot write the JUnit report {}: {} is not a directory",
                         options.junit.string(), dir.string());
      return false;
    }
  }

  std::vector<TestKernel> all;
  if (!discover_tests(config, &all, err)) return false;
  if (all.empty())
    ctx.ui->warning(fmt::format("no test kernels: nothing matches [test] sources {} in {}",
                                quoted_list(config.test.sources), config.root.string()));
  TestSelection selection = select_tests(all, options.filters);
  if (!all.empty() && selection.selected.empty())
    ctx.ui->warning(fmt::format("no test kernel's name contains {}", quoted_list(options.filters)));

  std::vector<TestJob> jobs;
  if (!selection.selected.empty()) {
    BuildRequest request;
    request.config = &config;
    request.profile = options.profile;
    for (const TestKernel& test : selection.selected) request.test_sources.push_back(test.source);
    BuildResult built;
    if (!build_kernel(ctx, request, &built, err)) return false;
    for (const TestKernelElf& elf : built.tests) {
      TestJob first = test_job(elf.name, elf.elf, config.test.firmwares.front());
      if (!image_for_elf(ctx, config, first.elf, first.image, err)) return false;
      for (Firmware firmware : config.test.firmwares) {  // one image, booted on each firmware
        jobs.push_back(test_job(elf.name, elf.elf, firmware));
      }
    }
  }

  auto start = std::chrono::steady_clock::now();
  if (!jobs.empty()) {
    unsigned at_once = std::min<unsigned>(std::max(1u, ctx.jobs), static_cast<unsigned>(jobs.size()));
    ctx.ui->status("Running", fmt::format("{} test kernel{} ({} at a time, timeout {} s)", jobs.size(),
                                          jobs.size() == 1 ? "" : "s", at_once,
                                          config.test.timeout_seconds));
  }
  TestRunOptions run;
  run.jobs = ctx.jobs;
  run.extra_args = options.qemu_args;
  run.root = config.root;
  std::vector<TestResult> results;
  bool ok = run_test_kernels(
      ctx, config, jobs, run, [&](const TestResult& r) { print(result_line(r) + "\n"); }, &results, err);
  if (!ok) return false;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::sort(results.begin(), results.end(),
            [](const TestResult& a, const TestResult& b) { return a.name < b.name; });
  bool any_failed = std::any_of(results.begin(), results.end(),
                                [](const TestResult& r) { return r.status == TestStatus::failed; });
  if (any_failed) {
    print("\nfailures:\n");
    for (const TestResult& r : results)
      if (r.status == TestStatus::failed) print("\n" + failure_details(r));
  }
  for (const TestKernel& test : selection.skipped) {
    TestResult skipped;
    skipped.name = test.name;
    skipped.status = TestStatus::skipped;
    skipped.reason = "filtered out by name";
    results.push_back(std::move(skipped));
  }
  print((jobs.empty() ? "" : "\n") + summary_line(count_results(results)) + "\n");

  if (!options.junit.empty()) {
    std::string write_err;
    if (!write_file_if_changed(options.junit, junit_xml(config.name.value, results, seconds), &write_err)) {
      *err = "cannot write the JUnit report: " + write_err;
      return false;
    }
  }
  out->exit_status = any_failed ? 1 : 0;
  out->results = std::move(results);
  return true;
}

}  // namespace kbuild
