#include "core/fd_io.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "core/fs.h"
#include "core/unique_fd.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

TEST(CoreFdIo, WritesEverythingThroughAPipe) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  // A pipe far smaller than the text, read in small pieces: everything arrives, in order.
  std::string text(40000, 'x');
  ASSERT_GE(::fcntl(write_end.get(), F_SETPIPE_SZ, 4096), 0);
  std::string got;
  std::thread reader([&] {
    char buf[1000];
    ssize_t n;
    while ((n = ::read(read_end.get(), buf, sizeof buf)) > 0) got.append(buf, size_t(n));
  });
  EXPECT_TRUE(write_all(write_end.get(), text));
  write_end.reset();
  reader.join();
  EXPECT_EQ(got, text);
}

TEST(CoreFdIo, PwriteAtAnOffsetAndAFailureSetsErrno) {
  test::ScratchDir dir;
  std::string path = (dir.path() / "f").string();
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  ASSERT_TRUE(fd);
  std::vector<uint8_t> bytes = {1, 2, 3};
  ASSERT_TRUE(pwrite_all(fd.get(), 5, bytes));
  std::vector<uint8_t> back;
  std::string err;
  ASSERT_TRUE(read_file_bytes(path, &back, &err)) << err;
  EXPECT_EQ(back, (std::vector<uint8_t>{0, 0, 0, 0, 0, 1, 2, 3}));

  UniqueFd read_only(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  errno = 0;
  EXPECT_FALSE(write_all(read_only.get(), "more"));
  EXPECT_EQ(errno, EBADF);
}

}  // namespace
}  // namespace kbuild
