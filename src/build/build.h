// `kbuild build`: a checked Config in, a kernel ELF out, recompiling only what changed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "build/step_failure.h"
#include "build/tool_host.h"
#include "build/target.h"
#include "config/config.h"
#include "core/context.h"

namespace kbuild {

struct BuildRequest {
  const Config* config = nullptr;
  std::string profile = "dev";
  bool force = false;  // rebuild everything
  // Test kernels to link besides the kernel (absolute, see plan_kernel_build); [kernel] entry
  // is left out of them.
  std::vector<std::filesystem::path> test_sources;
  // Beside test_sources, when given: each test kernel's name (else its file's stem) and the
  // further sources linked into it alone (absolute).
  std::vector<std::string> test_names;
  std::vector<std::vector<std::filesystem::path>> test_extra_sources;
  // Failed commands' output and messages go to BuildResult::failures, not to the terminal.
  bool collect_failures = false;
  // Go on after a failure: every compile runs and every link whose objects compiled
  // (ExecuteOptions::keep_going); the build still fails.
  bool keep_going = false;
};

struct TestKernelElf {
  std::string name;                // "basic", from tests/basic.cpp
  std::filesystem::path source;    // absolute
  std::filesystem::path elf;       // build/<profile>/tests/basic.elf
};

struct BuildResult {
  std::filesystem::path elf;
  std::filesystem::path build_dir;
  size_t compiled = 0;  // compile commands run
  bool linked = false;  // whether the link ran
  double seconds = 0;
  std::vector<TestKernelElf> tests;  // when asked for, in the order of their sources
  std::vector<StepFailure> failures;  // with collect_failures: the failed steps, in the order they ended
};

// Expands [kernel] sources, finds the runtime, and builds with real processes.
bool build_kernel(const Context& ctx, const BuildRequest& req, BuildResult* out, std::string* err);

// The same with the pieces given: the kernel's sources (relative to the root or absolute), the
// tools, and what runs the commands. build_kernel calls it; tests inject a fake host.
struct BuildInputs {
  std::vector<std::filesystem::path> sources;
  Toolchain tools;
  ToolHost* host = nullptr;
};
bool build_kernel_with(const Context& ctx, const BuildRequest& req, const BuildInputs& inputs,
                       BuildResult* out, std::string* err);

// "optimized + debuginfo", "unoptimized + debuginfo", "optimized": what Finished says.
std::string profile_summary(const Profile& profile);

}  // namespace kbuild
