// Runs the real kbuild binary on small projects in a temporary directory (a ScratchDir: kept
// when the test fails).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/fs.h"
#include "core/process.h"
#include "support/kbuild_run.h"
#include "support/scratch_dir.h"

namespace kbuild::test {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = scratch_.path(); }

  // Runs `kbuild ARGS...` in `cwd` (default: the test's directory), colors off.
  CliRun kbuild(std::vector<std::string> args, const std::filesystem::path& cwd = {}) {
    return run_kbuild(args, cwd.empty() ? dir_ : cwd);
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
