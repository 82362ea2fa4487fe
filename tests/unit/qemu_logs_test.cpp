// Bounded logs (qemu/log_tail.h, qemu/fifo_log.h): only the tail of a log is kept, in memory
// and on disk, however much was written.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include "core/fs.h"
#include "core/temp_dir.h"
#include "qemu/fifo_log.h"
#include "qemu/log_tail.h"

namespace kbuild {
namespace {

std::string numbered_lines(int from, int to) {
  std::string text;
  for (int i = from; i < to; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

TEST(TailBuffer, KeepsTheEndFromALineStart) {
  TailBuffer tail(100);
  for (int i = 0; i < 1000; ++i) tail.append(numbered_lines(i, i + 1));
  std::string text = tail.text();
  EXPECT_LE(text.size(), 100u);
  EXPECT_TRUE(tail.truncated());
  EXPECT_EQ(text.substr(0, 5), "line ");
  EXPECT_EQ(text.substr(text.size() - 9), "line 999\n");
  TailBuffer small(100);
  small.append("short\n");
  EXPECT_EQ(small.text(), "short\n");
  EXPECT_FALSE(small.truncated());
}

TEST(TailBuffer, OneHugeAppendIsCutToo) {
  TailBuffer tail(64);
  tail.append(numbered_lines(0, 10000));
  EXPECT_LE(tail.text().size(), 64u);
  EXPECT_EQ(tail.total(), numbered_lines(0, 10000).size());
}

TEST(ReadFileTail, ReadsOnlyTheEnd) {
  TempDir tmp;
  std::string err;
  ASSERT_TRUE(tmp.create("kbuild-tail-test", &err)) << err;
  std::string all = numbered_lines(0, 100000);
  ASSERT_TRUE(write_file_if_changed(tmp.path() / "log", all, &err)) << err;
  std::string tail;
  ASSERT_TRUE(read_file_tail(tmp.path() / "log", 1000, &tail, &err)) << err;
  EXPECT_LE(tail.size(), 1000u);
  EXPECT_EQ(tail.substr(0, 5), "line ");
  EXPECT_EQ(all.substr(all.size() - tail.size()), tail);
  ASSERT_TRUE(read_file_tail(tmp.path() / "missing", 1000, &tail, &err)) << err;
  EXPECT_EQ(tail, "");
}

TEST(FifoLog, AWriterNeverBlocksAndOnlyTheTailIsKept) {
  TempDir tmp;
  std::string err;
  ASSERT_TRUE(tmp.create("kbuild-fifo-test", &err)) << err;
  FifoLog log;
  ASSERT_TRUE(log.open(tmp.path() / "int.log", 4096, &err)) << err;
  // 10 MiB through the pipe, as QEMU would write it: opened by path, written, closed.
  std::thread writer([path = log.path()] {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    std::string chunk = numbered_lines(0, 10000);
    size_t written = 0;
    while (written < (10u << 20)) {
      ssize_t n = ::write(fd, chunk.data(), chunk.size());
      ASSERT_GT(n, 0);
      written += static_cast<size_t>(n);
    }
    ::write(fd, "the end\n", 8);
    ::close(fd);
  });
  writer.join();
  std::string tail = log.finish();
  EXPECT_LE(tail.size(), 4096u);
  EXPECT_EQ(tail.substr(tail.size() - 8), "the end\n");
}

}  // namespace
}  // namespace kbuild
