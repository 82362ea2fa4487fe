#include "qemu/fifo_log.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "qemu/log_tail.h"

namespace kbuild {

struct FifoLog::Impl {
  std::filesystem::path path;
  int read_fd = -1;
  int hold_fd = -1;          // our own write end: no EOF while QEMU has not opened it yet
  int stop_pipe[2] = {-1, -1};
  std::mutex mutex;
  TailBuffer tail{0};
  std::function<void(std::string_view)> on_data;
  std::thread thread;

  // Reads what is available; false at EOF or on an error.
  bool drain() {
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(read_fd, buf, sizeof buf);
      if (n > 0) {
        std::lock_guard lock(mutex);
        tail.append(std::string_view(buf, static_cast<size_t>(n)));
        if (on_data) on_data(std::string_view(buf, static_cast<size_t>(n)));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
  }

  void run() {
    for (;;) {
      pollfd fds[2] = {{read_fd, POLLIN, 0}, {stop_pipe[0], POLLIN, 0}};
      int r = ::poll(fds, 2, -1);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 || fds[1].revents) return;
      if (fds[0].revents && !drain()) return;
    }
  }

  void stop() {
    if (thread.joinable()) {
      char byte = 1;
      [[maybe_unused]] ssize_t n = ::write(stop_pipe[1], &byte, 1);
      thread.join();
    }
  }

  ~Impl() {
    stop();
    for (int fd : {read_fd, hold_fd, stop_pipe[0], stop_pipe[1]})
      if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
};

FifoLog::FifoLog() : impl_(std::make_unique<Impl>()) {}
FifoLog::~FifoLog() = default;

const std::filesystem::path& FifoLog::path() const { return impl_->path; }

bool FifoLog::open(const std::filesystem::path& path, size_t capacity, std::string* err,
                   std::function<void(std::string_view)> on_data) {
  Impl& d = *impl_;
  d.on_data = std::move(on_data);
  if (::mkfifo(path.c_str(), 0600) != 0) {
    *err = fmt::format("cannot create the pipe {}: {}", path.string(), std::strerror(errno));
    return false;
  }
  d.path = path;
  d.tail = TailBuffer(capacity);
  d.read_fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (d.read_fd >= 0) d.hold_fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (d.read_fd < 0 || d.hold_fd < 0 || ::pipe2(d.stop_pipe, O_CLOEXEC) != 0) {
    *err = fmt::format("cannot open the pipe {}: {}", path.string(), std::strerror(errno));
    return false;
  }
  d.thread = std::thread([&d] { d.run(); });
  return true;
}

std::string FifoLog::finish() {
  Impl& d = *impl_;
  d.stop();
  if (d.read_fd >= 0) d.drain();
  std::lock_guard lock(d.mutex);
  return d.tail.text();
}

}  // namespace kbuild
