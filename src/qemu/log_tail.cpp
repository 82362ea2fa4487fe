#include "qemu/log_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace kbuild {
namespace {

// Drops a partial first line from a tail that does not start at the beginning.
std::string from_line_start(std::string_view tail) {
  size_t nl = tail.find('\n');
  return std::string(nl == std::string_view::npos ? tail : tail.substr(nl + 1));
}

}  // namespace

void TailBuffer::append(std::string_view data) {
  total_ += data.size();
  if (data.size() >= capacity_) {
    data_.assign(data.substr(data.size() - capacity_));
    return;
  }
  data_.append(data);
  if (data_.size() > 2 * capacity_) data_.erase(0, data_.size() - capacity_);
}

std::string TailBuffer::text() const {
  std::string_view kept(data_);
  if (kept.size() > capacity_) kept.remove_prefix(kept.size() - capacity_);
  return kept.size() < total_ ? from_line_start(kept) : std::string(kept);
}

bool read_file_tail(const std::filesystem::path& path, size_t max_bytes, std::string* out, std::string* err) {
  out->clear();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return true;
    *err = fmt::format("cannot read {}: {}", path.string(), std::strerror(errno));
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  off_t size = ok ? st.st_size : 0;
  off_t start = size > static_cast<off_t>(max_bytes) ? size - static_cast<off_t>(max_bytes) : 0;
  std::string data(static_cast<size_t>(size - start), '\0');
  size_t got = 0;
  while (ok && got < data.size()) {
    ssize_t n = ::pread(fd, data.data() + got, data.size() - got, start + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    got += static_cast<size_t>(n);
  }
  int e = errno;
  ::close(fd);
  if (!ok) {
    *err = fmt::format("cannot read {}: {}", path.string(), std::strerror(e));
    return false;
  }
  data.resize(got);
  *out = start > 0 ? from_line_start(data) : std::move(data);
  return true;
}

}  // namespace kbuild
