// Inputs kbuild reads whole must be small regular files: a device, a FIFO or a huge file is
// refused at once instead of read without end (or waited on).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "build/build_state.h"
#include "core/fs.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class FsLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kbuild-fs-limits-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path sparse(const std::string& name, off_t size) {
    fs::path path = dir_ / name;
    std::ofstream(path) << "x";
    fs::resize_file(path, static_cast<uintmax_t>(size));
    return path;
  }
  fs::path dir_;
};

TEST_F(FsLimits, ADeviceIsRefusedWithoutReadingIt) {
  std::string text, err;
  EXPECT_FALSE(read_regular_file("/dev/zero", 1 << 20, &text, &err));
  EXPECT_EQ(err, "cannot read /dev/zero: it is a character device, not a regular file");
  EXPECT_TRUE(text.empty());
}

TEST_F(FsLimits, AFifoIsRefusedWithoutWaitingForAWriter) {
  fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string text, err;
  EXPECT_FALSE(read_regular_file(fifo, 1 << 20, &text, &err));
  EXPECT_EQ(err, "cannot read " + fifo.string() + ": it is a FIFO, not a regular file");
}

TEST_F(FsLimits, AFileLargerThanTheLimitIsRefusedAndOneAtTheLimitIsRead) {
  std::string text, err;
  fs::path big = sparse("big", (1 << 20) + 1);
  EXPECT_FALSE(read_regular_file(big, 1 << 20, &text, &err));
  EXPECT_EQ(err, "cannot read " + big.string() + ": it is larger than 1 MiB");
  fs::path exact = sparse("exact", 1 << 20);
  EXPECT_TRUE(read_regular_file(exact, 1 << 20, &text, &err)) << err;
  EXPECT_EQ(text.size(), size_t{1} << 20);
  EXPECT_FALSE(read_regular_file(dir_, 1 << 20, &text, &err));
  EXPECT_EQ(err, "cannot read " + dir_.string() + ": it is a directory, not a regular file");
}

TEST_F(FsLimits, ABuildStateThatIsNoRegularFileOrTooLargeMeansRebuildEverything) {
  fs::path fifo = dir_ / kStateFileName;
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  BuildState state;
  std::string why;
  load_build_state(fifo, &state, &why);
  EXPECT_NE(why.find("it is a FIFO, not a regular file"), std::string::npos) << why;
  EXPECT_TRUE(state.outputs.empty());

  fs::remove(fifo);
  fs::create_symlink("/dev/zero", fifo);
  load_build_state(fifo, &state, &why);
  EXPECT_NE(why.find("it is a character device"), std::string::npos) << why;

  fs::remove(fifo);
  sparse(kStateFileName, static_cast<off_t>(kMaxStateBytes) + 1);
  load_build_state(fifo, &state, &why);
  EXPECT_NE(why.find("it is larger than 256 MiB"), std::string::npos) << why;
}

}  // namespace
}  // namespace kbuild
