#include "core/fs.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "core/fd_io.h"
#include "core/signals.h"
#include "core/unique_fd.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::strerror(errno); }

// Reads `fd` to its end into *out (a std::string or a byte vector): the one read loop. Room for
// `size` + 1 bytes first: the +1 notices a file that grew, and keeps reading files /proc reports
// as empty. False when a read fails (errno says why) or when more than `max_bytes` came (errno 0).
template <typename Buffer>
bool read_to_end(int fd, size_t size, uint64_t max_bytes, Buffer* out) {
  Buffer buffer(size + 1, 0);
  size_t done = 0;
  for (;;) {
    if (done == buffer.size()) {
      if (done > max_bytes) break;
      buffer.resize(std::min<uint64_t>(done * 2 + 4096, max_bytes + 1));
    }
    ssize_t n = ::read(fd, reinterpret_cast<char*>(buffer.data()) + done, buffer.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  if (done > max_bytes) {
    errno = 0;
    return false;
  }
  buffer.resize(done);
  *out = std::move(buffer);
  return true;
}

template <typename Buffer>
bool read_all(const fs::path& path, Buffer* out, std::string* err) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    *err = fmt::format("cannot read {}: {}", path.string(), errno_text());
    return false;
  }
  struct stat st;
  if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) {
    *err = fmt::format("cannot read {}: it is a directory", path.string());
    return false;
  }
  size_t size = st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  if (read_to_end(fd.get(), size, std::numeric_limits<uint64_t>::max() / 4, out)) return true;
  *err = fmt::format("cannot read {}: {}", path.string(), errno_text());
  return false;
}

std::atomic<unsigned> g_temp_counter{0};

}  // namespace

bool read_file(const fs::path& path, std::string* out, std::string* err) {
  return read_all(path, out, err);
}

std::string describe_file_type(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a directory";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFIFO: return "a FIFO";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symbolic link";
    default: return "not a regular file";
  }
}

std::string regular_file_problem(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) {
    if (errno == ENOENT) return "does not exist";
    return fmt::format("cannot be read: {}", std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return fmt::format("cannot be read: {}", std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fmt::format("is not a regular file ({})", describe_file_type(st.st_mode));
  return {};
}

static std::string format_size(uint64_t bytes) {
  if (bytes % (uint64_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

bool read_regular_file(const fs::path& path, uint64_t max_bytes, std::string* out,
                       std::string* err, struct stat* st_out) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) {
    *err = fmt::format("cannot read {}: {}", path.string(), errno_text());
    return false;
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    *err = fmt::format("cannot read {}: {}", path.string(), errno_text());
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    *err = fmt::format("cannot read {}: it is {}, not a regular file", path.string(),
                       describe_file_type(st.st_mode));
    return false;
  }
  auto too_large = [&] {
    *err = fmt::format("cannot read {}: it is larger than {}", path.string(), format_size(max_bytes));
    return false;
  };
  if (static_cast<uint64_t>(st.st_size) > max_bytes) return too_large();
  if (!read_to_end(fd.get(), static_cast<size_t>(st.st_size), max_bytes, out)) {
    if (errno == 0) return too_large();
    *err = fmt::format("cannot read {}: {}", path.string(), errno_text());
    return false;
  }
  if (st_out) *st_out = st;
  return true;
}

bool read_file_bytes(const fs::path& path, std::vector<uint8_t>* out, std::string* err) {
  return read_all(path, out, err);
}

bool write_file_if_changed(const fs::path& path, std::string_view content, std::string* err) {
  // Anything larger than the new content differs from it: never read more (the path might even
  // name an endless device, which AtomicFile then refuses to replace).
  std::string old, ignored;
  if (read_regular_file(path, content.size(), &old, &ignored) && old == content) return true;
  AtomicFile file;
  return file.open(path, err) && file.write_at(0, content, err) && file.commit(err);
}

MappedFile::~MappedFile() {
  if (data_ && size_) ::munmap(const_cast<uint8_t*>(data_), size_);
  if (fd_ >= 0) ::close(fd_);
}

bool MappedFile::open(const fs::path& path, std::string* err) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd_ < 0 || ::fstat(fd_, &st) != 0) {
    *err = fmt::format("cannot read {}: {}", path.string(), errno_text());
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    *err = fmt::format("cannot read {}: it is a directory", path.string());
    return false;
  }
  size_ = static_cast<size_t>(st.st_size);
  if (size_ == 0) return true;
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
  if (p == MAP_FAILED) {
    size_ = 0;
    *err = fmt::format("cannot read {}: {}", path.string(), errno_text());
    return false;
  }
  data_ = static_cast<const uint8_t*>(p);
  return true;
}

bool copy_file_bytes(int in_fd, uint64_t in_offset, int out_fd, uint64_t out_offset,
                     std::span<const uint8_t> fallback, std::string* err) {
  uint64_t done = 0;
  while (done < fallback.size()) {
    loff_t in = static_cast<loff_t>(in_offset + done), out = static_cast<loff_t>(out_offset + done);
    ssize_t n = ::copy_file_range(in_fd, &in, out_fd, &out, fallback.size() - done, 0);
    if (n <= 0) break;  // not supported here (EXDEV, EINVAL, ENOSYS...) or nothing copied
    done += static_cast<uint64_t>(n);
  }
  if (pwrite_all(out_fd, out_offset + done, fallback.subspan(done))) return true;
  *err = errno_text();
  return false;
}

bool resolve_output_path(const fs::path& target, fs::path* out, std::string* err) {
  fs::path at = target;
  for (int hops = 0;; ++hops) {
    struct stat st;
    if (::lstat(at.c_str(), &st) != 0) {
      if (errno == ENOENT) break;  // to be created
      *err = fmt::format("cannot write {}: {}", target.string(), errno_text());
      return false;
    }
    if (S_ISLNK(st.st_mode)) {
      if (hops == 40) {
        *err = fmt::format("cannot write {}: too many levels of symbolic links", target.string());
        return false;
      }
      std::error_code ec;
      fs::path link = fs::read_symlink(at, ec);
      if (ec) {
        *err = fmt::format("cannot write {}: {}", target.string(), ec.message());
        return false;
      }
      at = link.is_absolute() ? link : at.parent_path() / link;
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      *err = fmt::format("cannot write {}: it is {}, not a regular file", target.string(),
                         at == target ? describe_file_type(st.st_mode)
                                      : describe_file_type(st.st_mode) + " (" + at.string() + ")");
      return false;
    }
    break;
  }
  *out = at;
  return true;
}

int create_temp_beside(const fs::path& target, fs::path* temp, std::string* err) {
  fs::path dir = target.parent_path();
  for (int attempt = 0;; ++attempt) {
    *temp = dir / fmt::format(".{}.tmp.{}.{}", target.filename().string(), ::getpid(), g_temp_counter++);
    int fd = ::open(temp->c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    if (errno == EEXIST && attempt < 100000) continue;  // planted, or left by an earlier process
    *err = fmt::format("cannot create {}: {}", target.string(), errno_text());
    temp->clear();
    return -1;
  }
}

void remove_stale_temps(const fs::path& dir) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    size_t mark = name.rfind(".tmp.");
    if (name.empty() || name[0] != '.' || mark == std::string::npos) continue;
    // ".<name>.tmp.<pid>.<n>"
    std::string_view rest = std::string_view(name).substr(mark + 5);
    size_t dot = rest.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == rest.size()) continue;
    std::string_view pid_text = rest.substr(0, dot), n_text = rest.substr(dot + 1);
    auto digits = [](std::string_view text) {
      return !text.empty() && text.size() <= 10 && text.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (!digits(pid_text) || !digits(n_text)) continue;
    long long pid = std::stoll(std::string(pid_text));
    if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    std::error_code type_ec;
    if (entry.is_symlink(type_ec) || entry.is_regular_file(type_ec)) ::unlink(entry.path().c_str());
  }
}

AtomicFile::~AtomicFile() { discard(); }

bool AtomicFile::open(const fs::path& requested, std::string* err) {
  discard();
  fs::path target;
  if (!resolve_output_path(requested, &target, err)) return false;
  target_ = target;
  fs::path dir = target.parent_path();
  std::error_code ec;
  if (!dir.empty()) {
    fs::create_directories(dir, ec);
    if (ec) {
      *err = fmt::format("cannot create directory {}: {}", dir.string(), ec.message());
      return false;
    }
  }
  fd_ = create_temp_beside(target, &temp_, err);
  return fd_ >= 0;
}

bool AtomicFile::write_at(uint64_t offset, std::span<const uint8_t> bytes, std::string* err) {
  if (pwrite_all(fd_, offset, bytes)) return true;
  *err = fmt::format("cannot write {}: {}", target_.string(), errno_text());
  return false;
}

bool AtomicFile::write_at(uint64_t offset, std::string_view bytes, std::string* err) {
  return write_at(offset, std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), err);
}

bool AtomicFile::set_size(uint64_t size, std::string* err) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    *err = fmt::format("cannot write {}: {}", target_.string(), errno_text());
    return false;
  }
  return true;
}

bool AtomicFile::commit(std::string* err, int mode) {
  if (fd_ < 0) {
    *err = fmt::format("cannot write {}: the file is not open", target_.string());
    return false;
  }
  if (::fchmod(fd_, static_cast<mode_t>(mode)) != 0 || ::close(fd_) != 0) {
    *err = fmt::format("cannot write {}: {}", target_.string(), errno_text());
    fd_ = -1;
    discard();
    return false;
  }
  fd_ = -1;
  if (interrupted()) {  // Ctrl-C during the write: keep what was there before
    *err = fmt::format("cannot write {}: interrupted", target_.string());
    discard();
    return false;
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    *err = fmt::format("cannot write {}: {}", target_.string(), errno_text());
    discard();
    return false;
  }
  temp_.clear();
  return true;
}

void AtomicFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

}  // namespace kbuild
