// A test fixture for code that reads a project from the current directory: each test gets a
// fresh ScratchDir (canonical, so it compares equal to the paths kbuild derives), works from
// inside it, and gets the old current directory back afterwards. Errors then name the manifest
// as plain "kernel.toml".
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/scratch_dir.h"

namespace kbuild::test {

class ProjectDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = std::filesystem::current_path();
    root_ = std::filesystem::canonical(scratch_.path());
    std::filesystem::current_path(root_);
  }
  void TearDown() override { std::filesystem::current_path(old_cwd_); }

  // Writes `text` to root_/relative, creating its directories.
  void write(const std::string& relative, const std::string& text = "") {
    std::filesystem::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }

  ScratchDir scratch_;
  std::filesystem::path old_cwd_, root_;
};

}  // namespace kbuild::test
