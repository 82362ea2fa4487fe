// Globs against trees and patterns that used to make the walk explode, loop or list a file twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "config/glob.h"
#include "core/signals.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class HostileGlob : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("kbuild-glob-hostile-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void touch(const std::string& relative) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << "x";
  }
  std::vector<std::string> expand(const std::string& pattern, GlobStats* stats = nullptr) {
    std::vector<fs::path> found;
    std::string err;
    EXPECT_TRUE(expand_glob(root_, pattern, &found, &err, stats)) << err;
    std::vector<std::string> relative;
    for (const fs::path& path : found) relative.push_back(path.lexically_relative(root_).generic_string());
    return relative;
  }

  fs::path root_;
};

using Strings = std::vector<std::string>;

std::string repeated_double_stars(int n, const std::string& last) {
  std::string pattern;
  for (int i = 0; i < n; ++i) pattern += "**/";
  return pattern + last;
}

TEST(HostileGlobMatch, ManyDoubleStarsAgainstADeepPathAreLinear) {
  // Backtracking tried every split of 40 components among ten '**': far beyond any test timeout.
  std::string path;
  for (int i = 0; i < 40; ++i) path += "d" + std::to_string(i) + "/";
  EXPECT_TRUE(glob_match(repeated_double_stars(10, "*.cpp"), path + "main.cpp"));
  EXPECT_FALSE(glob_match(repeated_double_stars(10, "*.cpp"), path + "main.c"));
  EXPECT_FALSE(glob_match(repeated_double_stars(10, "x/*.cpp"), path + "main.cpp"));
  EXPECT_TRUE(glob_match("**/d3/**/**/d39/*.cpp", path + "main.cpp"));
}

TEST_F(HostileGlob, ManyDoubleStarsReadEachDirectoryOnce) {
  std::string dir = "src";
  for (int i = 0; i < 30; ++i) {
    dir += "/d" + std::to_string(i);
    touch(dir + "/f.cpp");
  }
  GlobStats stats;
  std::vector<std::string> found = expand("src/" + repeated_double_stars(10, "*.cpp"), &stats);
  EXPECT_EQ(found.size(), 30u);
  EXPECT_EQ(stats.directories_read, 31u);  // src and its 30 levels, each once
}

TEST_F(HostileGlob, ASymlinkLoopIsWalkedOnceAndEachFileListedOnce) {
  touch("src/main.cpp");
  touch("src/a/util.cpp");
  fs::create_directory_symlink("..", root_ / "src/a/up");  // src/a/up -> src
  fs::create_directory_symlink(".", root_ / "src/self");   // src/self -> src
  GlobStats stats;
  EXPECT_EQ(expand("src/**/*.cpp", &stats), (Strings{"src/a/util.cpp", "src/main.cpp"}));
  EXPECT_LE(stats.directories_read, 4u) << "src, src/a, and at most one more round of each";
  // A bounded pattern may go round the loop as far as it reaches; each file still comes once.
  EXPECT_EQ(expand("src/*/*/*/*/*/*.cpp").size(), 2u);
  EXPECT_EQ(expand("src/*/*.cpp"), (Strings{"src/a/util.cpp", "src/self/main.cpp"}));
}

TEST_F(HostileGlob, AFileBehindASymlinkedDirectoryIsListedOnceUnderItsOwnPath) {
  touch("src/arch/x86_64/gdt.cpp");
  fs::create_directory_symlink("x86_64", root_ / "src/arch/current");
  fs::create_directory_symlink("arch", root_ / "src/alias");
  EXPECT_EQ(expand("src/*/*/*.cpp"), (Strings{"src/arch/x86_64/gdt.cpp"}));
  EXPECT_EQ(expand("src/**/*.cpp"), (Strings{"src/arch/x86_64/gdt.cpp"}));
  // Only reachable through the link: found there.
  EXPECT_EQ(expand("src/alias/current/*.cpp"), (Strings{"src/alias/current/gdt.cpp"}));
}

TEST_F(HostileGlob, RepeatedDoubleStarsMatchLikeOne) {
  touch("src/a/b/c.cpp");
  touch("src/c.cpp");
  EXPECT_EQ(expand("src/**/**/**/*.cpp"), expand("src/**/*.cpp"));
  EXPECT_EQ(expand("src/**/**/**/*.cpp"), (Strings{"src/a/b/c.cpp", "src/c.cpp"}));
}

TEST_F(HostileGlob, CtrlCStopsTheWalk) {
  touch("src/a/b/c.cpp");
  pid_t pid = ::fork();  // the Ctrl-C flag is for the whole process: set it in a child only
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    install_signal_handlers();
    ::raise(SIGINT);  // the first Ctrl-C only sets the flag
    std::vector<fs::path> found;
    std::string err;
    bool ok = expand_glob(root_, "src/**/*.cpp", &found, &err);
    ::_exit(!ok && err == "interrupted" && found.empty() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the walk went on after Ctrl-C";
}

TEST(HostileCheckGlob, ANulCharacterIsRefused) {
  std::string err;
  EXPECT_FALSE(check_glob(std::string("src/**/\0/*.cpp", 15), &err));
  EXPECT_EQ(err, "a pattern must not contain a NUL character");
  std::vector<fs::path> found;
  EXPECT_FALSE(expand_glob(fs::temp_directory_path(), std::string("\0/**", 4), &found, &err));
}

}  // namespace
}  // namespace kbuild
