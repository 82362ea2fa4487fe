#include "core/child_guard.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <initializer_list>

namespace kbuild {
namespace {

// What kbuild writes for each child: one message per write(), smaller than PIPE_BUF, so atomic.
struct Message {
  int32_t pid;
  int32_t group;
};

constexpr int kMaxChildren = 4096;

// The guard's whole life. Forked from a process that may have other threads, so it only makes
// system calls and uses no heap.
[[noreturn]] void guard_main(int from_kbuild) {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) ::sigaction(sig, &ignore, nullptr);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  int null_fd = ::open("/dev/null", O_RDWR);
  for (int fd = 0; fd <= 2; ++fd)
    if (null_fd >= 0 && fd != from_kbuild) ::dup2(null_fd, fd);
  int keep = from_kbuild;
  if (keep != 3) {
    keep = ::fcntl(from_kbuild, F_DUPFD, 3);  // lowest free fd >= 3
    if (keep < 0) ::_exit(1);
  }
  ::close_range(static_cast<unsigned>(keep) + 1, ~0U, 0);
  for (int fd = 3; fd < keep; ++fd) ::close(fd);

  static pollfd fds[kMaxChildren + 1];
  static Message children[kMaxChildren + 1];
  int count = 1;  // fds[0] is the pipe from kbuild
  fds[0] = {keep, POLLIN, 0};
  bool kbuild_gone = false;
  while (!kbuild_gone) {
    int r = ::poll(fds, static_cast<nfds_t>(count), -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    // Children that ended: forget them.
    for (int i = count - 1; i >= 1; --i) {
      if (!fds[i].revents) continue;
      ::close(fds[i].fd);
      fds[i] = fds[count - 1];
      children[i] = children[count - 1];
      --count;
    }
    if (fds[0].revents) {
      Message m;
      ssize_t n = ::read(keep, &m, sizeof m);
      if (n < 0 && errno == EINTR) continue;
      if (n != static_cast<ssize_t>(sizeof m)) {
        kbuild_gone = true;  // end of file: kbuild has exited or was killed
        break;
      }
      int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, m.pid, 0));
      if (pidfd < 0) continue;  // already gone
      if (count > kMaxChildren) {
        ::close(pidfd);
        continue;
      }
      fds[count] = {pidfd, POLLIN, 0};
      children[count] = m;
      ++count;
    }
  }
  for (int i = 1; i < count; ++i) {
    pollfd alive = {fds[i].fd, POLLIN, 0};
    if (::poll(&alive, 1, 0) != 0) continue;  // exited already
    if (children[i].group) ::kill(-children[i].pid, SIGKILL);
    ::syscall(SYS_pidfd_send_signal, fds[i].fd, SIGKILL, nullptr, 0);
  }
  ::_exit(0);
}

struct Guard {
  pid_t owner = -1;  // the process the guard watches (a forked kbuild needs its own)
  int to_guard = -1;
};

Guard& guard() {
  static Guard g;
  return g;
}

bool start_guard(Guard& g) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return false;
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(p[0]);
    ::close(p[1]);
    return false;
  }
  if (pid == 0) {
    ::close(p[1]);
    guard_main(p[0]);
  }
  ::close(p[0]);
  if (g.to_guard >= 0) ::close(g.to_guard);
  g.to_guard = p[1];
  g.owner = ::getpid();
  return true;
}

}  // namespace

void guard_child(pid_t pid, bool group) {
  Guard& g = guard();
  if (g.owner != ::getpid() && !start_guard(g)) return;
  Message m{static_cast<int32_t>(pid), group ? 1 : 0};
  ssize_t n;
  do n = ::write(g.to_guard, &m, sizeof m);
  while (n < 0 && errno == EINTR);
}

}  // namespace kbuild
