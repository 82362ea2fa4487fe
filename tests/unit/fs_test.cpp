#include "core/fs.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/scratch_dir.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class FsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_.path();
  }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  test::ScratchDir scratch_;
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

TEST_F(FsTest, MappedFileSeesTheBytesAndHandlesEmptyAndMissingFiles) {
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "k.elf", "\x7f" "ELF payload", &err));
  MappedFile m;
  ASSERT_TRUE(m.open(dir_ / "k.elf", &err)) << err;
  EXPECT_EQ(std::string(m.bytes().begin(), m.bytes().end()), "\x7f" "ELF payload");
  ASSERT_TRUE(write_file_if_changed(dir_ / "empty", "", &err));
  MappedFile e;
  ASSERT_TRUE(e.open(dir_ / "empty", &err)) << err;
  EXPECT_TRUE(e.bytes().empty());
  MappedFile missing;
  EXPECT_FALSE(missing.open(dir_ / "missing.elf", &err));
  EXPECT_NE(err.find("missing.elf"), std::string::npos);
}

TEST_F(FsTest, CopyFileBytesCopiesInTheKernelOrFallsBackToTheBuffer) {
  std::string err, text(200000, 'x');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
  ASSERT_TRUE(write_file_if_changed(dir_ / "in", text, &err));
  MappedFile in;
  ASSERT_TRUE(in.open(dir_ / "in", &err)) << err;
  for (int source_fd : {in.fd(), -1}) {  // -1: copy_file_range fails, the buffer is written
    AtomicFile out;
    ASSERT_TRUE(out.open(dir_ / "out", &err)) << err;
    ASSERT_TRUE(copy_file_bytes(source_fd, 1000, out.fd(), 4096, in.bytes().subspan(1000, 150000), &err)) << err;
    ASSERT_TRUE(out.commit(&err)) << err;
    std::string copied;
    ASSERT_TRUE(read_file(dir_ / "out", &copied, &err));
    ASSERT_EQ(copied.size(), 4096u + 150000u);
    EXPECT_EQ(copied.substr(0, 4096), std::string(4096, '\0'));
    EXPECT_EQ(copied.substr(4096), text.substr(1000, 150000)) << "source fd " << source_fd;
  }
}

}  // namespace
}  // namespace kbuild
