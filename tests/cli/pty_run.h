// Runs the real kbuild binary in a pseudo-terminal, as a user's shell would: for what kbuild does
// only on a terminal (the serial console, colors).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild::test {

// kbuild in a pseudo-terminal: stdin, stdout and stderr are the terminal, as in a shell (unless
// stderr_to_null), with NO_COLOR set (unless colors) and no display.
struct PtyOptions {
  bool colors = false;
  bool stderr_to_null = false;
};

class PtyRun {
 public:
  PtyRun(const std::vector<std::string>& args, const std::filesystem::path& cwd,
         PtyOptions options = {}) {
    pid_ = ::forkpty(&master_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      if (::chdir(cwd.c_str()) != 0) ::_exit(127);
      if (options.colors) {
        ::unsetenv("NO_COLOR");
        ::setenv("TERM", "xterm", 1);
      } else {
        ::setenv("NO_COLOR", "1", 1);
      }
      if (options.stderr_to_null) {
        int null = ::open("/dev/null", O_WRONLY);
        if (null < 0 || ::dup2(null, STDERR_FILENO) < 0) ::_exit(127);
      }
      ::unsetenv("DISPLAY");
      ::unsetenv("WAYLAND_DISPLAY");
      std::vector<char*> argv;
      static std::string binary = KBUILD_BINARY;
      argv.push_back(binary.data());
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~PtyRun() {
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) ::close(master_);
  }
  bool started() const { return pid_ > 0 && master_ >= 0; }

  // Reads until `text` has appeared, kbuild ended, or (a safety net) two minutes passed.
  bool wait_for(const std::string& text) {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (output_.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > give_up || !read_some())
        return output_.find(text) != std::string::npos;
    }
    return true;
  }
  void type(std::string_view keys) {
    while (!keys.empty()) {
      ssize_t n = ::write(master_, keys.data(), keys.size());
      if (n <= 0) return;
      keys.remove_prefix(static_cast<size_t>(n));
    }
  }
  // Reads to the end and returns kbuild's exit status (128 + N for a signal).
  int finish() {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (std::chrono::steady_clock::now() < give_up && read_some()) {
    }
    int status = 0;
    if (::waitpid(pid_, &status, 0) != pid_) return -1;
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return status_;
  }
  const std::string& output() const { return output_; }

 private:
  bool read_some() {
    pollfd p{master_, POLLIN, 0};
    if (::poll(&p, 1, 500) < 0) return false;
    if (!(p.revents & (POLLIN | POLLHUP))) return true;
    char buf[4096];
    ssize_t n = ::read(master_, buf, sizeof buf);
    if (n <= 0) return false;  // EIO: the terminal's last user is gone
    output_.append(buf, static_cast<size_t>(n));
    return true;
  }
  pid_t pid_ = -1;
  int master_ = -1;
  int status_ = -1;
  std::string output_;
};

}  // namespace kbuild::test
