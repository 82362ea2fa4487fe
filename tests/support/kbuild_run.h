// Runs the real kbuild binary (KBUILD_BINARY, from the test target's build) with colors off, and
// hands back its status and output: what CLI tests and the boot tests that go through kbuild use.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/process.h"

namespace kbuild::test {

struct CliRun {
  int status = -1;  // the exit status, or 128 + the signal that killed it
  std::string out, err;
  std::string all() const { return out + err; }
};

// `kbuild ARGS...` in `cwd`, at most five minutes (a test fails when it takes longer).
inline CliRun run_kbuild(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  ProcessSpec spec;
  spec.argv = {KBUILD_BINARY};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.cwd = cwd;
  spec.output = ProcessSpec::Output::capture;
  spec.timeout = std::chrono::minutes(5);
  spec.env_set = {{"NO_COLOR", "1"}};
  ProcessResult result;
  std::string err;
  EXPECT_TRUE(run_process(spec, &result, &err)) << err;
  EXPECT_FALSE(result.timed_out) << "kbuild timed out: " << format_command(spec.argv);
  return {result.term_signal ? 128 + result.term_signal : result.exit_code, result.out, result.err};
}

}  // namespace kbuild::test
