// Boots test kernels in QEMU, up to `jobs` at once, each with the [test] timeout, and judges
// each as it ends, on the job pool (core/job_pool.h). A timeout, --fail-fast or Ctrl-C leaves no
// QEMU running (the pool kills and reaps).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/context.h"
#include "testing/test_verdict.h"

namespace kbuild {

struct TestJob {
  std::string name;                  // "NAME", or "NAME[uefi]" when booted under OVMF
  Firmware firmware = Firmware::bios;
  std::filesystem::path elf;         // for symbols in crash reports
  std::filesystem::path image;
  std::filesystem::path serial_log;  // <name>.serial.log beside the image
  std::filesystem::path fault_log;   // <name>.int.log
  const TestKernelSettings* settings = nullptr;  // its [test.NAME] table, if any
  bool read_screen = false;          // read the final text screen into TestResult::screen (the
                                     // session decides: a BIOS boot on a machine with a screen)
};

// The job for a test kernel's ELF: image and logs beside it. Under UEFI the logs are
// NAME.uefi.serial.log and NAME.uefi.int.log, and the name says "[uefi]".
TestJob test_job(const std::string& name, const std::filesystem::path& elf,
                 Firmware firmware = Firmware::bios);

struct TestRunOptions {
  unsigned jobs = 1;
  std::vector<std::string> extra_args;  // after `--`: appended to every QEMU command
  std::filesystem::path root;           // paths in messages are shown relative to it
  bool fail_fast = false;  // after the first failure start nothing more and stop what runs:
                           // those kernels' results are "not run"
  // --nocapture: every kernel's serial output as it arrives, as whole lines "NAME: line\n"
  // (called from other threads, one line at a time). Empty: not shown live.
  std::function<void(std::string_view)> live_output;
};

// Runs every job and fills *results in the order of `jobs`; `on_result` sees each result as
// soon as it is known (also the "not run" ones --fail-fast leaves). False with "interrupted" on Ctrl-C (after stopping every QEMU), or when
// QEMU is missing.
bool run_test_kernels(const Context& ctx, const Config& config, const std::vector<TestJob>& jobs,
                      const TestRunOptions& options,
                      const std::function<void(const TestResult&)>& on_result,
                      std::vector<TestResult>* results, std::string* err);

}  // namespace kbuild
