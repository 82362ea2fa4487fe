// `kbuild test` from start to end: find the test kernels, build and image the selected ones
// (sharing objects with the kernel's build), boot them in parallel, print a line per test, the
// failures and the closing count, and optionally write a JUnit XML report.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/context.h"
#include "testing/test_verdict.h"

namespace kbuild {

struct TestSessionOptions {
  std::string profile = "dev";
  std::vector<std::string> filters;     // case patterns (testing/test_selection.h); none: all
  std::vector<std::string> skip;        // --skip patterns
  bool exact = false;                   // --exact
  bool list = false;                    // --list: print the selected cases, boot nothing
  bool fail_fast = false;               // --fail-fast: stop at the first failure
  bool color = false;                   // ok green, FAILED red
  bool bless = false;                   // --bless: write the screens of expect-screen files
  bool nocapture = false;               // --nocapture: serial output live, "KERNEL: line"
  std::vector<Firmware> firmwares;      // --firmware, over [test.NAME] and [test] firmware; empty: those
  std::filesystem::path junit;          // empty: no XML report
  std::vector<std::string> qemu_args;   // after `--`
  // Where the report goes (the test lines and the count); stdout for the command line.
  std::function<void(std::string_view)> print;
};

struct TestSessionResult {
  std::vector<TestResult> results;  // a result per case (per kernel without cases), then the filtered-out
  int exit_status = 0;              // 0 when nothing failed, 1 otherwise
};

// False with *err when the tests could not be run at all (a build error, no QEMU, Ctrl-C:
// "interrupted"); failing tests are not an error.
bool run_test_session(const Context& ctx, const Config& config, const TestSessionOptions& options,
                      TestSessionResult* out, std::string* err);

}  // namespace kbuild
