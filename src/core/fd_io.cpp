#include "core/fd_io.h"

#include <unistd.h>

#include <cerrno>

namespace kbuild {

namespace {

// Calls `write_some(done)` until all `size` bytes are written.
template <typename WriteSome>
bool write_loop(size_t size, WriteSome write_some) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = write_some(done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

bool write_all(int fd, std::string_view bytes) {
  return write_loop(bytes.size(), [&](size_t done) {
    return ::write(fd, bytes.data() + done, bytes.size() - done);
  });
}

bool pwrite_all(int fd, uint64_t offset, std::span<const uint8_t> bytes) {
  return write_loop(bytes.size(), [&](size_t done) {
    return ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
  });
}

}  // namespace kbuild
