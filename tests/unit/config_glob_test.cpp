#include "config/glob.h"

#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "support/scratch_dir.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

TEST(GlobMatch, StarStaysInOneComponent) {
  EXPECT_TRUE(glob_match("src/*.cpp", "src/main.cpp"));
  EXPECT_TRUE(glob_match("src/*.cpp", "src/.cpp"));
  EXPECT_FALSE(glob_match("src/*.cpp", "src/arch/x86.cpp"));
  EXPECT_FALSE(glob_match("*.cpp", "src/main.cpp"));
  EXPECT_TRUE(glob_match("src/*", "src/main.cpp"));
  EXPECT_TRUE(glob_match("src/m*n*.cpp", "src/main.cpp"));
  EXPECT_FALSE(glob_match("src/m*n*.cpp", "src/mai.cpp"));
  EXPECT_FALSE(glob_match("src/*.cpp", "src/main.cc"));
}

TEST(GlobMatch, DoubleStarAtStartMiddleAndEnd) {
  EXPECT_TRUE(glob_match("**/*.cpp", "main.cpp"));
  EXPECT_TRUE(glob_match("**/*.cpp", "src/a/b/main.cpp"));
  EXPECT_FALSE(glob_match("**/*.cpp", "src/a/b/main.c"));
  EXPECT_TRUE(glob_match("src/**/*.cpp", "src/main.cpp"));
  EXPECT_TRUE(glob_match("src/**/*.cpp", "src/arch/x86_64/gdt.cpp"));
  EXPECT_FALSE(glob_match("src/**/*.cpp", "lib/main.cpp"));
  EXPECT_TRUE(glob_match("src/**/x86_64/*.S", "src/arch/x86_64/boot.S"));
  EXPECT_TRUE(glob_match("src/**/x86_64/*.S", "src/x86_64/boot.S"));
  EXPECT_FALSE(glob_match("src/**/x86_64/*.S", "src/x86_64/deeper/boot.S"));
  EXPECT_TRUE(glob_match("src/**", "src/main.cpp"));
  EXPECT_TRUE(glob_match("src/**", "src/a/b/c.h"));
  EXPECT_FALSE(glob_match("src/**", "lib/a.h"));
  EXPECT_TRUE(glob_match("a/**/**/b", "a/b"));
  EXPECT_TRUE(glob_match("a/**/**/b", "a/x/y/b"));
}

TEST(GlobMatch, QuestionMarkIsOneCharacter) {
  EXPECT_TRUE(glob_match("src/?.cpp", "src/a.cpp"));
  EXPECT_FALSE(glob_match("src/?.cpp", "src/ab.cpp"));
  EXPECT_FALSE(glob_match("src/?.cpp", "src/.cpp"));
  EXPECT_FALSE(glob_match("src?main.cpp", "src/main.cpp"));
}

TEST(GlobMatch, CharacterClasses) {
  EXPECT_TRUE(glob_match("[abc].cpp", "b.cpp"));
  EXPECT_FALSE(glob_match("[abc].cpp", "d.cpp"));
  EXPECT_TRUE(glob_match("file[0-9].c", "file7.c"));
  EXPECT_FALSE(glob_match("file[0-9].c", "filex.c"));
  EXPECT_TRUE(glob_match("[!a]*.c", "b.c"));
  EXPECT_FALSE(glob_match("[!a]*.c", "a.c"));
  EXPECT_TRUE(glob_match("[^a]*.c", "b.c"));
  EXPECT_FALSE(glob_match("[^a]*.c", "a.c"));
  EXPECT_TRUE(glob_match("[]x].c", "].c"));
  EXPECT_TRUE(glob_match("*.[cS]", "boot.S"));
  EXPECT_FALSE(glob_match("*.[cS]", "boot.s"));
}

TEST(GlobMatch, EscapesAndDotComponents) {
  EXPECT_TRUE(glob_match("a\\*.c", "a*.c"));
  EXPECT_FALSE(glob_match("a\\*.c", "ab.c"));
  EXPECT_TRUE(glob_match("./src/*.cpp", "src/main.cpp"));
  EXPECT_TRUE(glob_match("src//*.cpp", "src/main.cpp"));
}

TEST(CheckGlob, RejectsPatternsThatCannotWork) {
  std::string err;
  EXPECT_TRUE(check_glob("src/**/*.cpp", &err));
  EXPECT_TRUE(check_glob("../lib/*.c", &err));
  EXPECT_FALSE(check_glob("", &err));
  EXPECT_EQ(err, "an empty pattern matches no file");
  EXPECT_FALSE(check_glob("/abs/*.c", &err));
  EXPECT_EQ(err, "'/abs/*.c' must be relative to the project root");
  EXPECT_FALSE(check_glob("src/[ab.c", &err));
  EXPECT_EQ(err, "'src/[ab.c' has a '[' without its closing ']'");
  EXPECT_FALSE(check_glob("src/**.cpp", &err));
  EXPECT_EQ(err, "'**' must be a whole path component in 'src/**.cpp' (as in 'src/**/*.cpp')");
}

class ExpandGlob : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = scratch_.path();
  }

  void touch(const std::string& relative) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << "x";
  }
  // Matches, relative to the root, in the order expand_glob returned them.
  std::vector<std::string> expand(const std::string& pattern) {
    std::vector<fs::path> found;
    std::string err;
    EXPECT_TRUE(expand_glob(root_, pattern, &found, &err)) << err;
    std::vector<std::string> relative;
    for (const fs::path& path : found) {
      EXPECT_TRUE(path.is_absolute()) << path;
      relative.push_back(path.lexically_relative(root_).generic_string());
    }
    return relative;
  }

  test::ScratchDir scratch_;
  fs::path root_;
};

using Strings = std::vector<std::string>;

TEST_F(ExpandGlob, FindsFilesSortedAtAnyDepth) {
  touch("src/z.cpp");
  touch("src/a.cpp");
  touch("src/arch/x86_64/gdt.cpp");
  touch("src/arch/x86_64/boot.S");
  touch("src/m/k.cpp");
  touch("src/notes.txt");
  touch("top.cpp");
  EXPECT_EQ(expand("src/**/*.cpp"),
            (Strings{"src/a.cpp", "src/arch/x86_64/gdt.cpp", "src/m/k.cpp", "src/z.cpp"}));
  EXPECT_EQ(expand("src/*.cpp"), (Strings{"src/a.cpp", "src/z.cpp"}));
  EXPECT_EQ(expand("**/*.S"), (Strings{"src/arch/x86_64/boot.S"}));
  EXPECT_EQ(expand("*.cpp"), (Strings{"top.cpp"}));
  EXPECT_EQ(expand("src/*/*/*.?"), (Strings{"src/arch/x86_64/boot.S"}));
  EXPECT_EQ(expand("src/[am].cpp"), (Strings{"src/a.cpp"}));
  EXPECT_EQ(expand("src/*.rs"), Strings{});
}

TEST_F(ExpandGlob, SkipsHiddenEntriesAndTheBuildDirectory) {
  touch("src/main.cpp");
  touch("src/.hidden.cpp");
  touch("src/.cache/gen.cpp");
  touch(".git/hooks/x.cpp");
  touch("build/dev/gen.cpp");
  touch("src/build/kept.cpp");  // only the root's build/ is kbuild's output
  EXPECT_EQ(expand("**/*.cpp"), (Strings{"src/build/kept.cpp", "src/main.cpp"}));
  EXPECT_EQ(expand("*/*/*.cpp"), (Strings{"src/build/kept.cpp"}));
  // Named literally, they are found.
  EXPECT_EQ(expand("build/dev/*.cpp"), (Strings{"build/dev/gen.cpp"}));
  EXPECT_EQ(expand("src/.cache/*.cpp"), (Strings{"src/.cache/gen.cpp"}));
}

TEST_F(ExpandGlob, LiteralPathsAndParentDirectories) {
  touch("kernel/src/main.cpp");
  touch("lib/util.cpp");
  EXPECT_EQ(expand("kernel/src/main.cpp"), (Strings{"kernel/src/main.cpp"}));
  EXPECT_EQ(expand("kernel/src/missing.cpp"), Strings{});
  EXPECT_EQ(expand("kernel/src"), Strings{});  // directories are not sources
  std::vector<fs::path> found;
  std::string err;
  ASSERT_TRUE(expand_glob(root_ / "kernel", "../lib/*.cpp", &found, &err)) << err;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0], root_ / "lib/util.cpp");
}

TEST_F(ExpandGlob, RejectsBadPatterns) {
  std::vector<fs::path> found;
  std::string err;
  EXPECT_FALSE(expand_glob(root_, "src/[x", &found, &err));
  EXPECT_EQ(err, "'src/[x' has a '[' without its closing ']'");
}

}  // namespace
}  // namespace kbuild
