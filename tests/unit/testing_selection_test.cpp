// Finding test kernels and choosing them by name.
#include <gtest/gtest.h>

#include <fstream>

#include "config/glob.h"
#include "testing/test_selection.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> names(const std::vector<TestKernel>& tests) {
  std::vector<std::string> out;
  for (const auto& t : tests) out.push_back(t.name);
  return out;
}

TEST(TestSelection, NamesComeFromFilesAndAreSorted) {
  std::vector<TestKernel> tests;
  std::string err;
  ASSERT_TRUE(test_kernels_from({"/p/tests/zeta.cpp", "/p/tests/alpha.S", "/p/tests/mid.c"}, &tests, &err));
  EXPECT_EQ(names(tests), (std::vector<std::string>{"alpha", "mid", "zeta"}));
  EXPECT_EQ(tests[0].source, fs::path("/p/tests/alpha.S"));
}

TEST(TestSelection, DuplicateNamesAreRejected) {
  std::vector<TestKernel> tests;
  std::string err;
  EXPECT_FALSE(test_kernels_from({"/p/tests/a/x.cpp", "/p/tests/b/x.cpp"}, &tests, &err));
  EXPECT_NE(err.find("`x`"), std::string::npos) << err;
}

TEST(TestSelection, FiltersMatchSubstringsAndTheRestIsSkipped) {
  std::vector<TestKernel> all = {{"basic_boot", "a"}, {"heap_alloc", "b"}, {"heap_free", "c"}, {"vga", "d"}};
  TestSelection none = select_tests(all, {});
  EXPECT_EQ(none.selected.size(), 4u);
  EXPECT_TRUE(none.skipped.empty());

  TestSelection heap = select_tests(all, {"heap"});
  EXPECT_EQ(names(heap.selected), (std::vector<std::string>{"heap_alloc", "heap_free"}));
  EXPECT_EQ(names(heap.skipped), (std::vector<std::string>{"basic_boot", "vga"}));

  TestSelection two = select_tests(all, {"boot", "vga"});
  EXPECT_EQ(names(two.selected), (std::vector<std::string>{"basic_boot", "vga"}));

  TestSelection nothing = select_tests(all, {"nomatch"});
  EXPECT_TRUE(nothing.selected.empty());
  EXPECT_EQ(nothing.skipped.size(), 4u);
}

TEST(TestSelection, DiscoveryUsesTheTestGlobs) {
  test::ScratchDir scratch;
  fs::path root = scratch.path();
  fs::create_directories(root / "tests/sub");
  for (const char* file : {"tests/one.cpp", "tests/two.cpp", "tests/notes.txt", "tests/sub/three.cpp"})
    std::ofstream(root / file) << "\n";
  Config config;
  config.root = root;
  config.manifest_path = root / "kernel.toml";
  config.test.sources = {"tests/*.cpp"};
  std::vector<TestKernel> tests;
  std::string err;
  ASSERT_TRUE(discover_tests(config, &tests, &err)) << err;
  EXPECT_EQ(names(tests), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(tests[0].source, root / "tests/one.cpp");

  // Nested files are named by their path under the glob's folder.
  config.test.sources = {"tests/**/*.cpp"};
  ASSERT_TRUE(discover_tests(config, &tests, &err)) << err;
  EXPECT_EQ(names(tests), (std::vector<std::string>{"one", "sub/three", "two"}));
}

// A kernel is named under the folder its glob starts with as the glob matcher reads the glob:
// '{' is no wildcard there, so tests/{x}/*.cpp starts in tests/{x}.
TEST(TestSelection, NamesFollowTheGlobMatchersWildcards) {
  test::ScratchDir scratch;
  fs::path root = scratch.path();
  fs::create_directories(root / "tests/{x}");
  std::ofstream(root / "tests/{x}/one.cpp") << "\n";
  Config config;
  config.root = root;
  config.manifest_path = root / "kernel.toml";
  config.test.sources = {"tests/{x}/*.cpp"};
  std::vector<TestKernel> tests;
  std::string err;
  ASSERT_TRUE(discover_tests(config, &tests, &err)) << err;
  EXPECT_EQ(names(tests), (std::vector<std::string>{"one"}));
}

// Two globs that reach one file: it is one test kernel, named under the first glob.
TEST(TestSelection, AFileTwoGlobsFindIsOneKernelOfTheFirstGlob) {
  test::ScratchDir scratch;
  fs::path root = scratch.path();
  fs::create_directories(root / "tests/mm");
  std::ofstream(root / "tests/mm/alloc.cpp") << "\n";
  Config config;
  config.root = root;
  config.manifest_path = root / "kernel.toml";
  config.test.sources = {"tests/mm/*.cpp", "tests/**/*.cpp"};
  std::vector<TestKernel> tests;
  std::string err;
  ASSERT_TRUE(discover_tests(config, &tests, &err)) << err;
  EXPECT_EQ(names(tests), (std::vector<std::string>{"alloc"}));
  config.test.sources = {"tests/**/*.cpp", "tests/mm/*.cpp"};
  ASSERT_TRUE(discover_tests(config, &tests, &err)) << err;
  EXPECT_EQ(names(tests), (std::vector<std::string>{"mm/alloc"}));
}

TEST(TestSelection, NestedNamesNeverClashAcrossFolders) {
  test::ScratchDir scratch;
  fs::path root = scratch.path();
  fs::create_directories(root / "tests/a");
  fs::create_directories(root / "tests/b");
  for (const char* file : {"tests/a/x.cpp", "tests/b/x.cpp", "tests/x.c", "tests/x.cpp"})
    std::ofstream(root / file) << "\n";
  Config config;
  config.root = root;
  config.manifest_path = root / "kernel.toml";
  config.test.sources = {"tests/*/*.cpp"};
  std::vector<TestKernel> tests;
  std::string err;
  ASSERT_TRUE(discover_tests(config, &tests, &err)) << err;
  EXPECT_EQ(names(tests), (std::vector<std::string>{"a/x", "b/x"}));
  // One folder, one stem: the one clash left.
  config.test.sources = {"tests/*.c*"};
  EXPECT_FALSE(discover_tests(config, &tests, &err));
  EXPECT_NE(err.find("two test kernels are named `x`"), std::string::npos) << err;
}

TEST(TestSelection, GlobBaseAndPathNames) {
  EXPECT_EQ(glob_literal_dir("tests/**/*.cpp"), fs::path("tests"));
  EXPECT_EQ(glob_literal_dir("tests/*.cpp"), fs::path("tests"));
  EXPECT_EQ(glob_literal_dir("t/unit/k[0-9]/*.cpp"), fs::path("t/unit"));
  EXPECT_EQ(glob_literal_dir("*.cpp"), fs::path());
  EXPECT_EQ(glob_literal_dir("tests/one.cpp"), fs::path("tests"));
  EXPECT_EQ(glob_literal_dir("./tests//*.cpp"), fs::path("tests"));
  // The glob matcher's own wildcards: '{' is a plain character, '\' an escape.
  EXPECT_EQ(glob_literal_dir("tests/{x}/*.cpp"), fs::path("tests/{x}"));
  EXPECT_EQ(glob_literal_dir("tests/\\[x]/*.cpp"), fs::path("tests"));
  EXPECT_EQ(test_kernel_name_in("/p/tests", "/p/tests/mm/alloc.cpp"), "mm/alloc");
  EXPECT_EQ(test_kernel_name_in("/p/tests", "/p/tests/basic.S"), "basic");
  EXPECT_EQ(test_kernel_name_in("/p/tests", "/p/other/odd.cpp"), "odd");  // outside: its file's stem
}

}  // namespace
}  // namespace kbuild
