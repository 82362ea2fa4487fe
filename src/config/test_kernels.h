// [test.NAME] tables of kernel.toml: settings for one test kernel (NAME is its name, as
// `kbuild test --list` shows it), over the [test] and [run] defaults.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kbuild {

enum class Firmware;  // config/config.h

// How a test kernel is expected to end. `pass` (the default): through kbuild_test_pass() or its
// cases; the others make that ending the pass and anything else the failure.
struct TestExpectation {
  enum class Kind { pass, panic, exit, fault, timeout };
  Kind kind = Kind::pass;
  int exit_status = 0;  // for exit: QEMU's exit status, as [test] success-exit-code counts it
};

// "pass", "panic", "fault", "timeout", "exit:N"; nullopt for anything else.
std::optional<TestExpectation> parse_test_expectation(const std::string& text);
// The same words back: "a panic", "exit status 7", ...
std::string describe_expectation(const TestExpectation& expect);

// Read by the "test.*" rows of the kernel.toml schema (config/schema.cpp).
struct TestKernelSettings {
  std::string name;
  TestExpectation expect;               // expect
  std::optional<int> timeout_seconds;   // timeout, over [test] timeout
  std::vector<std::string> args;        // args, after [test] args
  std::string memory;                   // memory, over [run] memory; empty: that one
  int smp = 0;                          // smp: CPUs for QEMU's -smp; 0: QEMU's default
  std::optional<std::string> cmdline;   // cmdline, over [bootloader] cmdline
  std::string expect_screen;            // expect-screen: the golden screen file, relative to the
                                        // project root; empty: the screen is not checked
  std::vector<std::string> sources;     // sources: globs of more files linked into this test
                                        // kernel only, as [kernel] sources takes them
  std::vector<Firmware> firmwares;      // firmware: "bios", "uefi" or "all"; empty: [test] firmware
};

// The settings for `name`, or defaults when kernel.toml has no [test.NAME].
const TestKernelSettings* find_test_kernel_settings(const std::vector<TestKernelSettings>& all,
                                                    const std::string& name);

}  // namespace kbuild
