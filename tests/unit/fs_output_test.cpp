// Outputs written through AtomicFile: a symlink is written through (and stays a link), a
// device or a directory is never replaced by a file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstring>

#include "core/fs.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class OutputPath : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kbuild-output-path-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  bool write(const fs::path& path, std::string_view text, std::string* err) {
    AtomicFile file;
    return file.open(path, err) && file.write_at(0, text, err) && file.commit(err);
  }
  std::string read(const fs::path& path) {
    std::string text, err;
    EXPECT_TRUE(read_file(path, &text, &err)) << err;
    return text;
  }
  fs::path dir_;
};

TEST_F(OutputPath, ASymlinkIsWrittenThroughAndStaysALink) {
  std::string err;
  ASSERT_TRUE(write(dir_ / "real.img", "old", &err)) << err;
  fs::create_symlink("real.img", dir_ / "link.img");
  fs::create_symlink("link.img", dir_ / "link2.img");
  ASSERT_TRUE(write(dir_ / "link2.img", "new", &err)) << err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.img"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link2.img"));
  EXPECT_EQ(read(dir_ / "real.img"), "new");

  fs::create_directories(dir_ / "sub");
  fs::create_symlink("sub/later.img", dir_ / "dangling.img");  // the file does not exist yet
  ASSERT_TRUE(write(dir_ / "dangling.img", "made", &err)) << err;
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.img"));
  EXPECT_EQ(read(dir_ / "sub/later.img"), "made");

  fs::create_symlink("loop.img", dir_ / "loop.img");
  EXPECT_FALSE(write(dir_ / "loop.img", "x", &err));
  EXPECT_NE(err.find("too many levels of symbolic links"), std::string::npos) << err;
}

TEST_F(OutputPath, ADeviceOrADirectoryIsNeverReplaced) {
  fs::path null = dir_ / "null";
  if (::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
    GTEST_SKIP() << "cannot make a device node here: " << std::strerror(errno);
  std::string err;
  EXPECT_FALSE(write(null, "image", &err));
  EXPECT_EQ(err, "cannot write " + null.string() + ": it is a character device, not a regular file");
  struct stat st;
  ASSERT_EQ(::lstat(null.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device node was replaced";

  fs::create_symlink("null", dir_ / "to-null");
  EXPECT_FALSE(write(dir_ / "to-null", "image", &err));
  EXPECT_NE(err.find("it is a character device"), std::string::npos) << err;

  fs::create_directories(dir_ / "out.img");
  EXPECT_FALSE(write(dir_ / "out.img", "image", &err));
  EXPECT_EQ(err, "cannot write " + (dir_ / "out.img").string() + ": it is a directory, not a regular file");
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace kbuild

namespace kbuild {
namespace {

TEST_F(OutputPath, WriteIfChangedNeverReadsMoreThanTheNewContent) {
  fs::create_symlink("/dev/zero", dir_ / "compile_commands.json");
  std::string err;
  // /dev/zero is endless: comparing it whole with the new content never ended.
  EXPECT_FALSE(write_file_if_changed(dir_ / "compile_commands.json", "[]\n", &err));
  EXPECT_NE(err.find("it is a character device"), std::string::npos) << err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "db.json", "[1]\n", &err)) << err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "db.json", "[1]\n", &err)) << err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "db.json", "[]\n", &err)) << err;
  EXPECT_EQ(read(dir_ / "db.json"), "[]\n");
}

}  // namespace
}  // namespace kbuild
