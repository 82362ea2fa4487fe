#include "scaffold/scaffold.h"

#include <gtest/gtest.h>

#include "core/fs.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class ScaffoldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_.path();
    fs::create_directories(dir_ / "template" / "src");
    std::string err;
    ASSERT_TRUE(write_file_if_changed(dir_ / "template" / "kernel.toml", "name = \"{{name}}\"\n", &err));
    ASSERT_TRUE(write_file_if_changed(dir_ / "template" / "src" / "main.cpp", "// {{name}} {{name}}\n", &err));
  }
  std::string read(const fs::path& p) {
    std::string text, err;
    EXPECT_TRUE(read_file(p, &text, &err)) << err;
    return text;
  }
  test::ScratchDir scratch_;
  fs::path dir_;
};

TEST_F(ScaffoldTest, CopiesTheTemplateWithTheNameFilledIn) {
  std::vector<fs::path> created;
  std::string err;
  ASSERT_TRUE(scaffold_project(dir_ / "template", dir_ / "hello", "hello", &created, &err)) << err;
  EXPECT_EQ(read(dir_ / "hello" / "kernel.toml"), "name = \"hello\"\n");
  EXPECT_EQ(read(dir_ / "hello" / "src" / "main.cpp"), "// hello hello\n");
  EXPECT_EQ(created.size(), 2u);
}

TEST_F(ScaffoldTest, FillsAnExistingEmptyDirectory) {
  fs::create_directories(dir_ / "empty");
  std::vector<fs::path> created;
  std::string err;
  ASSERT_TRUE(scaffold_project(dir_ / "template", dir_ / "empty", "k", &created, &err)) << err;
  EXPECT_TRUE(fs::exists(dir_ / "empty" / "kernel.toml"));
}

TEST_F(ScaffoldTest, NeverTouchesANonEmptyDirectory) {
  fs::create_directories(dir_ / "mine");
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "mine" / "kernel.toml", "precious", &err));
  std::vector<fs::path> created;
  EXPECT_FALSE(scaffold_project(dir_ / "template", dir_ / "mine", "mine", &created, &err));
  EXPECT_NE(err.find("not empty"), std::string::npos);
  EXPECT_EQ(read(dir_ / "mine" / "kernel.toml"), "precious");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "mine"), fs::directory_iterator()), 1);
}

TEST_F(ScaffoldTest, RefusesAFileInTheWay) {
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "file", "x", &err));
  std::vector<fs::path> created;
  EXPECT_FALSE(scaffold_project(dir_ / "template", dir_ / "file", "file", &created, &err));
  EXPECT_NE(err.find("not a directory"), std::string::npos);
}

TEST(KernelName, AcceptsIdentifiersAndRejectsTheRest) {
  std::string err;
  for (const char* good : {"hello", "my_kernel", "os-2", "_x", "K9"})
    EXPECT_TRUE(check_kernel_name(good, &err)) << good;
  for (const char* bad : {"", "9lives", "-x", "a b", "a/b", "ümlaut", "a.b"}) {
    EXPECT_FALSE(check_kernel_name(bad, &err)) << bad;
    EXPECT_NE(err.find("cannot be a kernel name"), std::string::npos);
  }
  EXPECT_FALSE(check_kernel_name(std::string(65, 'a'), &err));
}

}  // namespace
}  // namespace kbuild
