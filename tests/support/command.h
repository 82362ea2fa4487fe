// The tests' one way to run a tool (clang++, ld.lld, cmake, ctest, pgrep): argv, merged output.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/process.h"

namespace kbuild::test {

inline ProcessResult run_command(std::vector<std::string> argv, const std::filesystem::path& cwd = {},
                                 std::chrono::seconds timeout = std::chrono::seconds(600)) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  if (!cwd.empty()) spec.cwd = cwd;
  spec.output = ProcessSpec::Output::merge;
  spec.timeout = timeout;
  ProcessResult result;
  std::string err;
  if (!run_process(spec, &result, &err)) result.out = err;
  return result;
}

}  // namespace kbuild::test
