#include "build/build_lock.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/signals.h"

namespace kbuild {

BuildDirLock::~BuildDirLock() {
  if (fd_ >= 0) ::close(fd_);  // closing our descriptor releases our share of the lock
}

bool BuildDirLock::acquire(const Ui& ui, const std::filesystem::path& dir, std::string* err) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::filesystem::path path = dir / kLockFileName;
  // No O_CLOEXEC: see the header. O_NOFOLLOW: a planted symlink is not ours to lock.
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW, 0644);
  if (fd_ < 0) {
    *err = "cannot lock the build directory " + dir.string() + ": cannot open " + path.string() +
           ": " + std::strerror(errno);
    return false;
  }
  bool told = false;
  for (;;) {
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      *err = "cannot lock the build directory " + dir.string() + ": " + std::strerror(errno);
      return false;
    }
    if (!told) {
      ui.status("Blocking", "waiting for file lock on build directory");
      told = true;
    }
    if (interrupted()) {
      *err = "interrupted";
      return false;
    }
    // flock has no timeout; look again every 50 ms, at once on Ctrl-C.
    struct pollfd wake = {interrupt_fd(), POLLIN, 0};
    ::poll(&wake, wake.fd >= 0 ? 1 : 0, 50);
  }
}

}  // namespace kbuild
