#include "core/signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>

namespace kbuild {
namespace {

std::atomic<int> g_signal{0};
std::atomic<int> g_count{0};
int g_pipe[2] = {-1, -1};

void on_signal(int sig) {
  int expected = 0;
  g_signal.compare_exchange_strong(expected, sig);
  if (g_count.fetch_add(1) + 1 > 2) {
    // A third Ctrl-C: the user insists. Stop at once (children die with us: PR_SET_PDEATHSIG).
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
  if (g_pipe[1] >= 0) {
    char byte = 1;
    [[maybe_unused]] ssize_t n = write(g_pipe[1], &byte, 1);
  }
}

}  // namespace

void install_signal_handlers() {
  if (g_pipe[0] < 0 && pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
  // A closed pipe (`kbuild build | head`) must surface as a write error, not kill us mid-write.
  signal(SIGPIPE, SIG_IGN);
}

bool interrupted() { return g_signal.load() != 0; }
int interrupt_signal() { return g_signal.load(); }
int interrupt_count() { return g_count.load(); }
int interrupt_fd() { return g_pipe[0]; }

}  // namespace kbuild
