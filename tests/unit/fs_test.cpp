#include "core/fs.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class FsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kbuild-fs-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  fs::path dir_;
};

TEST_F(FsTest, AtomicFileReplacesOnlyOnCommit) {
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "out.img", "old", &err)) << err;
  {
    AtomicFile f;
    ASSERT_TRUE(f.open(dir_ / "out.img", &err)) << err;
    ASSERT_TRUE(f.write_at(0, std::string_view("new content"), &err));
    std::string now;
    ASSERT_TRUE(read_file(dir_ / "out.img", &now, &err));
    EXPECT_EQ(now, "old");  // not yet committed
  }  // destroyed without commit: discarded
  std::string text;
  ASSERT_TRUE(read_file(dir_ / "out.img", &text, &err));
  EXPECT_EQ(text, "old");
  EXPECT_EQ(entries(), 1u) << "no temporary left behind";

  AtomicFile f;
  ASSERT_TRUE(f.open(dir_ / "out.img", &err));
  ASSERT_TRUE(f.write_at(0, std::string_view("new"), &err));
  ASSERT_TRUE(f.set_size(1 << 20, &err));
  ASSERT_TRUE(f.commit(&err)) << err;
  EXPECT_EQ(fs::file_size(dir_ / "out.img"), 1u << 20);
  EXPECT_EQ(entries(), 1u);
}

TEST_F(FsTest, WriteIfChangedKeepsTheFileWhenEqual) {
  std::string err;
  fs::path p = dir_ / "sub" / "compile_commands.json";
  ASSERT_TRUE(write_file_if_changed(p, "[]", &err)) << err;
  auto before = fs::last_write_time(p);
  fs::last_write_time(p, before - std::chrono::hours(1));
  ASSERT_TRUE(write_file_if_changed(p, "[]", &err));
  EXPECT_EQ(fs::last_write_time(p), before - std::chrono::hours(1));
  ASSERT_TRUE(write_file_if_changed(p, "[1]", &err));
  EXPECT_NE(fs::last_write_time(p), before - std::chrono::hours(1));
}

TEST_F(FsTest, ReadErrorsNameTheFile) {
  std::string text, err;
  EXPECT_FALSE(read_file(dir_ / "missing.toml", &text, &err));
  EXPECT_NE(err.find("missing.toml"), std::string::npos);
  EXPECT_NE(err.find("No such file"), std::string::npos);
  EXPECT_FALSE(read_file(dir_, &text, &err));
  EXPECT_NE(err.find("directory"), std::string::npos);
}

TEST_F(FsTest, AtomicFileReportsAnUnwritableDirectory) {
  std::string err;
  AtomicFile f;
  EXPECT_FALSE(f.open("/proc/kbuild-cannot-write-here/x.img", &err));
  EXPECT_NE(err.find("/proc/kbuild-cannot-write-here"), std::string::npos);
}

}  // namespace
}  // namespace kbuild
