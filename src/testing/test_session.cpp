#include "testing/test_session.h"

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "boot_limits.h"
#include "build/target.h"
#include "config/toml_key.h"
#include "core/fs.h"
#include "pipeline/pipeline.h"
#include "qemu/machine.h"
#include "testing/case_results.h"
#include "testing/golden_screen.h"
#include "testing/test_build.h"
#include "testing/test_cases.h"
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

// A built test kernel with its cases, split by the filters.
struct PlannedKernel {
  std::string name;
  fs::path elf;
  std::vector<TestCase> cases;     // all its KBUILD_TEST cases
  std::vector<TestCase> selected;  // those that run
  bool boots = false;              // some case (or the caseless kernel itself) is selected
  const TestKernelSettings* settings = nullptr;  // [test.NAME]
};

std::string list_text(const std::vector<PlannedKernel>& kernels) {
  std::string out;
  size_t cases = 0, booted = 0;
  for (const PlannedKernel& k : kernels) {
    if (!k.boots) continue;
    ++booted;
    if (k.cases.empty()) {
      out += k.name + ": kernel\n";
      ++cases;
    }
    for (const TestCase& c : k.selected) {
      out += fmt::format("{}::{}: {}\n", k.name, c.name, c.should_panic ? "test, should panic" : "test");
      ++cases;
    }
  }
  return out + fmt::format("\n{} test{} in {} test kernel{}\n", cases, cases == 1 ? "" : "s", booted,
                           booted == 1 ? "" : "s");
}

// The command line that tells the runtime which cases to run; the kernel's own stays in front.
// Empty when every case runs or the list does not fit (then all run, and kbuild reports only
// the selected ones).
std::string selection_cmdline(const Context& ctx, const Config& config, const PlannedKernel& k) {
  std::string own = k.settings && k.settings->cmdline ? *k.settings->cmdline : config.bootloader.cmdline;
  if (k.selected.size() == k.cases.size()) return own;
  std::string list;
  for (const TestCase& c : k.selected) list += (list.empty() ? "" : ",") + c.name;
  std::string cmdline = own;
  cmdline += (cmdline.empty() ? "" : " ") + std::string("kbuild.test=") + list;
  if (!kbuild_limits::cmdline_length_ok(cmdline.size())) {
    ctx.ui->warning(fmt::format("test kernel {}: the selected case names do not fit in the {}-byte "
                                "command line; all its cases run",
                                k.name, kbuild_limits::kMaxCmdlineBytes - 1));
    return own;
  }
  return cmdline;
}

// The firmwares a kernel boots on: --firmware, else its [test.NAME] firmware, else [test] firmware
// (all checked by check_firmwares). On a board kbuild boots directly, the BIOS that is left
// stands for its one direct boot.
const std::vector<Firmware>& kernel_firmwares(const Config& config, const TestSessionOptions& options,
                                              const PlannedKernel& k) {
  if (!options.firmwares.empty()) return options.firmwares;
  if (k.settings && !k.settings->firmwares.empty()) return k.settings->firmwares;
  return config.test.firmwares;
}

// kernel.toml's firmware lists for tests, against what the machine boots, before anything is
// built. (--firmware, which overrides them, was checked when the command line was read.)
bool check_firmwares(const Config& config, const TestSessionOptions& options, std::string* err) {
  if (!options.firmwares.empty()) return true;
  if (!check_firmware_key(config, "[test] firmware", config.test.firmwares, err)) return false;
  for (const TestKernelSettings& s : config.test.kernels)
    if (!check_firmware_key(config, test_table_name(s.name) + " firmware", s.firmwares, err)) return false;
  return true;
}

// Why a job's screen cannot be compared with its expect-screen file `golden`, decided once per
// job; empty when it can, and then the job reads its screen.
std::string screen_unchecked(const Config& config, const TestJob& job, const std::string& golden) {
  if (!machine_spec(config.arch.value).screen)
    return fmt::format("test {}: the screen check needs a text screen, and {} machines have none; {} was not "
                       "compared",
                       job.name, arch_name(config.arch.value), golden);
  if (job.firmware != Firmware::bios)
    return fmt::format("test {}: the screen check needs BIOS text mode (under UEFI the screen is a framebuffer); "
                       "{} was not compared",
                       job.name, golden);
  return "";
}

// The golden-screen check of a kernel that ran with its screen read: a failure when its screen
// differs (or has no file yet), the file written with --bless. Only a kernel that otherwise passed
// is compared.
void judge_screen(const Config& config, const std::string& golden, bool bless, TestResult* kernel,
                  std::vector<std::string>* blessed) {
  if (kernel->status != TestStatus::passed) return;
  if (!kernel->screen) {
    kernel->status = TestStatus::failed;
    kernel->reason = fmt::format("the screen could not be read to compare with {}", golden);
    return;
  }
  ScreenCheck check = check_golden_screen(config.root, golden, *kernel->screen, bless);
  if (check.verdict == ScreenVerdict::same) return;
  if (check.verdict == ScreenVerdict::blessed) {
    blessed->push_back(golden);
    return;
  }
  kernel->status = TestStatus::failed;
  kernel->reason = check.message;
}

}  // namespace

bool run_test_session(const Context& ctx, const Config& config, const TestSessionOptions& options,
                      TestSessionResult* out, std::string* err) {
  *out = TestSessionResult();
  auto print = [&](const std::string& text) {
    if (options.print) options.print(text);
  };
  // The report's directory is made now, so a report that cannot be written fails before the work.
  if (!options.junit.empty() && !options.list) {
    fs::path dir = fs::absolute(options.junit).parent_path();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir, ec)) {
      *err = fmt::format("cannot write the JUnit report {}: cannot create the directory {}",
                         options.junit.string(), dir.string());
      return false;
    }
  }

  if (!check_firmwares(config, options, err)) return false;
  std::vector<TestKernel> all;
  if (!discover_tests(config, &all, err)) return false;
  if (all.empty())
    ctx.ui->warning(fmt::format("no test kernels: nothing matches [test] sources {} in {}",
                                quoted_list(config.test.sources), config.root.string()));

  // Every test kernel is built: its cases, which the filters choose from, are in its ELF.
  std::vector<PlannedKernel> kernels;
  std::vector<UnbuiltTestKernel> unbuilt;  // reported as failed, whatever the filters say
  if (!all.empty()) {
    std::vector<TestKernelElf> built;
    if (!build_test_kernels(ctx, config, options.profile, all, &built, &unbuilt, err)) return false;
    CaseFilter filter{options.filters, options.skip, options.exact};
    for (const TestKernelElf& elf : built) {
      PlannedKernel k;
      k.name = elf.name;
      k.elf = elf.elf;
      std::vector<uint8_t> bytes;
      if (!read_file_bytes(elf.elf, &bytes, err) || !read_test_cases(bytes, &k.cases, err)) {
        *err = fmt::format("cannot read the cases of test kernel {}: {}", elf.elf.string(), *err);
        return false;
      }
      for (const TestCase& c : k.cases)
        if (case_selected(filter, k.name, c.name)) k.selected.push_back(c);
      k.boots = k.cases.empty() ? case_selected(filter, k.name, "") : !k.selected.empty();
      k.settings = find_test_kernel_settings(config.test.kernels, k.name);
      kernels.push_back(std::move(k));
    }
  }
  for (const TestKernelSettings& s : config.test.kernels) {
    bool known = std::any_of(all.begin(), all.end(), [&](const TestKernel& t) { return t.name == s.name; });
    if (!known)
      ctx.ui->warning(fmt::format("{}: {} names no test kernel (the names are those `kbuild test --list` "
                                  "shows)",
                                  config.manifest_path.filename().string(), test_table_name(s.name)));
  }
  bool any_boots = std::any_of(kernels.begin(), kernels.end(), [](const PlannedKernel& k) { return k.boots; });
  if (!kernels.empty() && !any_boots)
    ctx.ui->warning(fmt::format("no test case's name matches {}", quoted_list(options.filters)));
  if (options.list) {
    for (const UnbuiltTestKernel& u : unbuilt) print(fmt::format("{}: did not build\n", u.name));
    print(list_text(kernels));
    out->exit_status = unbuilt.empty() ? 0 : 1;
    return true;
  }
  std::vector<TestResult> unbuilt_results;
  for (const UnbuiltTestKernel& u : unbuilt) {
    TestResult r;
    r.name = r.kernel = u.name;
    r.status = TestStatus::failed;
    r.did_not_build = true;
    // The headline is the first failed step ("could not compile tests/x.cpp"); the tools' words follow.
    std::string step = u.failures.empty() ? "" : u.failures.front().message;
    r.reason = "the test kernel did not build" + (step.empty() ? "" : ": " + step) + "\n" + failure_text(u.failures);
    while (!r.reason.empty() && r.reason.back() == '\n') r.reason.pop_back();
    print(result_line(r, options.color) + "\n");
    unbuilt_results.push_back(std::move(r));
  }

  std::vector<TestJob> jobs;
  std::map<std::string, const PlannedKernel*> by_job;  // job name -> its kernel
  std::map<std::string, std::string> unchecked;  // job name -> why its expect-screen is not compared
  for (const PlannedKernel& k : kernels) {
    if (!k.boots) continue;
    Config own = config;
    own.bootloader.cmdline = selection_cmdline(ctx, config, k);
    const std::vector<Firmware>& firmwares = kernel_firmwares(config, options, k);
    TestJob first = test_job(k.name, k.elf, firmwares.front());
    if (!image_for_elf(ctx, own, first.elf, first.image, err)) return false;
    for (Firmware firmware : firmwares) {  // one image, booted on each firmware
      jobs.push_back(test_job(k.name, k.elf, firmware));
      TestJob& job = jobs.back();
      job.settings = k.settings;
      if (k.settings && !k.settings->expect_screen.empty()) {
        std::string why = screen_unchecked(config, job, k.settings->expect_screen);
        job.read_screen = why.empty();
        if (!why.empty()) unchecked[job.name] = why;
      }
      by_job[job.name] = &k;
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
  run.root = fs::current_path();  // log paths as seen from where kbuild runs
  run.fail_fast = options.fail_fast;
  if (options.nocapture) run.live_output = options.print;
  std::map<std::string, bool> reads_screen;  // job name -> whether its screen is compared
  for (const TestJob& job : jobs) reads_screen[job.name] = job.read_screen;
  std::vector<std::string> blessed, notes;  // golden screens written; screens left unchecked
  std::map<std::string, std::vector<TestResult>> per_kernel;  // kernel results, by job name
  std::vector<TestResult> kernel_results;
  bool ok = run_test_kernels(
      ctx, config, jobs, run,
      [&](const TestResult& ended) {
        const PlannedKernel* k = by_job[ended.name];
        TestResult kernel = ended;
        if (auto why = unchecked.find(ended.name); why != unchecked.end())
          notes.push_back(why->second);
        else if (reads_screen[ended.name])
          judge_screen(config, k->settings->expect_screen, options.bless, &kernel, &blessed);
        // A kernel expected to end some other way than passing is judged whole.
        bool whole = k && k->settings && k->settings->expect.kind != TestExpectation::Kind::pass;
        std::vector<TestResult> cases = whole ? std::vector<TestResult>{kernel}
                                              : case_results(kernel, k ? k->selected : std::vector<TestCase>{});
        if (whole) {
          cases.front().kernel = kernel.name;
          cases.front().kernel_seconds = kernel.seconds;
        }
        for (const TestResult& r : cases) print(result_line(r, options.color) + "\n");
        if (!whole && (!k || !k->cases.empty())) print(kernel_line(kernel, options.color) + "\n");
        per_kernel[kernel.name] = std::move(cases);
      },
      &kernel_results, err);
  if (!ok) return false;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<TestResult> results = std::move(unbuilt_results);
  for (auto& [name, cases] : per_kernel)  // by kernel name, cases in their order
    for (TestResult& r : cases) results.push_back(std::move(r));
  bool any_failed = std::any_of(results.begin(), results.end(),
                                [](const TestResult& r) { return r.status == TestStatus::failed; });
  if (any_failed) {
    print("\nfailures:\n");
    for (const TestResult& r : results)
      if (r.status == TestStatus::failed) print("\n" + failure_details(r));
  }
  for (const PlannedKernel& k : kernels) {
    std::vector<std::string> left_out;
    if (!k.boots && k.cases.empty()) left_out.push_back("");
    for (const TestCase& c : k.cases)
      if (std::none_of(k.selected.begin(), k.selected.end(), [&](const TestCase& s) { return s.name == c.name; }))
        left_out.push_back(c.name);
    for (const std::string& name : left_out) {
      TestResult skipped;
      skipped.kernel = k.name;
      skipped.test_case = name;
      skipped.name = name.empty() ? k.name : k.name + "::" + name;
      skipped.status = TestStatus::skipped;
      skipped.reason = "filtered out by name";
      results.push_back(std::move(skipped));
    }
  }
  for (const std::string& note : notes) print("\nnote: " + note + "\n");
  if (!blessed.empty()) print("\n");
  for (const std::string& file : blessed) print("blessed: wrote " + file + "\n");
  print((jobs.empty() ? "" : "\n") + summary_line(count_results(results)) + "\n");

  if (!options.junit.empty()) {
    std::string write_err;
    if (!write_file_if_changed(options.junit, junit_xml(config.name.value, results, seconds), &write_err)) {
      *err = "cannot write the JUnit report: " + write_err;
      return false;
    }
  }
  bool any_not_run = std::any_of(results.begin(), results.end(),
                                 [](const TestResult& r) { return r.status == TestStatus::not_run; });
  out->exit_status = any_failed || any_not_run ? 1 : 0;
  out->results = std::move(results);
  return true;
}

}  // namespace kbuild
