// Runs the real kbuild binary on small projects in a temporary directory (a ScratchDir: kept
// when the test fails).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/fs.h"
#include "core/process.h"
#include "support/scratch_dir.h"

namespace kbuild::test {

struct CliRun {
  int status = -1;
  std::string out, err;
  std::string all() const { return out + err; }
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = scratch_.path(); }

  // Runs `kbuild ARGS...` in `cwd` (default: the test's directory), colors off.
  CliRun kbuild(std::vector<std::string> args, const std::filesystem::path& cwd = {}) {
    ProcessSpec spec;
    spec.argv = {KBUILD_BINARY};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.cwd = cwd.empty() ? dir_ : cwd;
    spec.output = ProcessSpec::Output::capture;
    spec.timeout = std::chrono::minutes(5);
    spec.env_set = {{"NO_COLOR", "1"}};
    ProcessResult result;
    std::string err;
    EXPECT_TRUE(run_process(spec, &result, &err)) << err;
    EXPECT_FALSE(result.timed_out) << "kbuild timed out: " << format_command(spec.argv);
    return {result.term_signal ? 128 + result.term_signal : result.exit_code, result.out, result.err};
  }

  void write(const std::filesystem::path& rel, std::string_view text) {
    std::string err;
    ASSERT_TRUE(write_file_if_changed(dir_ / rel, text, &err)) << err;
  }
  std::string read(const std::filesystem::path& rel) {
    std::string text, err;
    EXPECT_TRUE(read_file(dir_ / rel, &text, &err)) << err;
    return text;
  }

  ScratchDir scratch_;
  std::filesystem::path dir_;
};

inline size_t count_lines_containing(const std::string& text, const std::string& needle) {
  size_t count = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.substr(start, end - start).find(needle) != std::string::npos) ++count;
    start = end + 1;
  }
  return count;
}

}  // namespace kbuild::test
