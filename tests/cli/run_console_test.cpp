// The serial console of `kbuild run`: a kernel that echoes what it reads from COM1, run in a
// pseudo-terminal as a user's shell would run it, with no display.
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kEchoKernel = R"(#include <kbuild/boot.h>
#include <kbuild/runtime.h>
#include <stdint.h>
static uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_serial_write("ready>\n", 7);
  for (;;) {
    while (!(inb(0x3fd) & 1)) __asm__ volatile("pause");
    char c = static_cast<char>(inb(0x3f8));
    if (c == 'q') {
      kbuild_serial_write("bye\n", 4);
      kbuild_halt();
    }
    char echo[3] = {'[', c, ']'};
    kbuild_serial_write(echo, 3);
  }
}
)";

// kbuild in a pseudo-terminal: stdin, stdout and stderr are the terminal, as in a shell.
class PtyRun {
 public:
  PtyRun(const std::vector<std::string>& args, const fs::path& cwd) {
    pid_ = ::forkpty(&master_, nullptr, nullptr, nullptr);
    if (pid_ == 0) {
      if (::chdir(cwd.c_str()) != 0) ::_exit(127);
      ::setenv("NO_COLOR", "1", 1);
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
    auto give_up = Clock::now() + std::chrono::minutes(2);
    while (output_.find(text) == std::string::npos) {
      if (Clock::now() > give_up || !read_some()) return output_.find(text) != std::string::npos;
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
    auto give_up = Clock::now() + std::chrono::minutes(2);
    while (Clock::now() < give_up && read_some()) {
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

class RunConsole : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(kbuild({"new", "echo"}).status, 0);
    write("echo/src/main.cpp", kEchoKernel);
    ASSERT_EQ(kbuild({"build"}, dir_ / "echo").status, 0);
  }
};

TEST_F(RunConsole, WhatIsTypedReachesTheKernelAndTheHintIsShown) {
  PtyRun run({"run", "--timeout", "120"}, dir_ / "echo");
  ASSERT_TRUE(run.started());
  ASSERT_TRUE(run.wait_for("ready>")) << run.output();
  run.type("abc");
  ASSERT_TRUE(run.wait_for("[a][b][c]")) << run.output();
  run.type("q");
  EXPECT_EQ(run.finish(), 0) << run.output();
  EXPECT_NE(run.output().find("bye"), std::string::npos) << run.output();
  EXPECT_NE(run.output().find("Ctrl-A X quits QEMU"), std::string::npos) << run.output();
  EXPECT_NE(run.output().find("no display"), std::string::npos) << run.output();
  EXPECT_EQ(run.output().find("We need a terminal"), std::string::npos) << run.output();
  // the screen comes after a separator, apart from the serial stream
  size_t bye = run.output().find("bye"), separator = run.output().find("---- the screen at the end");
  ASSERT_NE(separator, std::string::npos) << run.output();
  EXPECT_LT(bye, separator);
}

TEST_F(RunConsole, CtrlAXQuitsAsTheHintSays) {
  PtyRun run({"run", "--timeout", "120"}, dir_ / "echo");
  ASSERT_TRUE(run.wait_for("ready>")) << run.output();
  run.type("\x01x");
  int status = run.finish();
  EXPECT_EQ(status, 0) << run.output();
  EXPECT_NE(run.output().find("Finished"), std::string::npos) << run.output();
  EXPECT_EQ(run.output().find("timeout"), std::string::npos) << run.output();
}

TEST_F(RunConsole, CtrlAOpensQemusMonitor) {
  PtyRun run({"run", "--timeout", "120"}, dir_ / "echo");
  ASSERT_TRUE(run.wait_for("ready>")) << run.output();
  run.type("\x01" "c");
  ASSERT_TRUE(run.wait_for("(qemu)")) << run.output();
  run.type("info status\r");
  ASSERT_TRUE(run.wait_for("VM status: running")) << run.output();
  run.type("quit\r");
  EXPECT_EQ(run.finish(), 0) << run.output();
}

TEST_F(RunConsole, CtrlCStopsTheRun) {
  PtyRun run({"run", "--timeout", "120"}, dir_ / "echo");
  ASSERT_TRUE(run.wait_for("ready>")) << run.output();
  run.type("\x03");
  EXPECT_EQ(run.finish(), 130) << run.output();
  EXPECT_EQ(run.output().find("timeout"), std::string::npos) << run.output();
}

TEST_F(RunConsole, WithoutTerminalOrDisplayTheRunIsHeadless) {
  write("echo/src/main.cpp",
        "#include <kbuild/boot.h>\n#include <kbuild/runtime.h>\n"
        "extern \"C\" void kernel_main(const kbuild_boot_info*) { kbuild_serial_write(\"done\\n\", 5); }\n");
  ProcessSpec spec;
  spec.argv = {KBUILD_BINARY, "run", "--timeout", "120"};
  spec.cwd = dir_ / "echo";
  spec.output = ProcessSpec::Output::capture;
  spec.env_set = {{"NO_COLOR", "1"}, {"DISPLAY", ""}, {"WAYLAND_DISPLAY", ""}};
  spec.timeout = std::chrono::minutes(5);
  ProcessResult r;
  std::string err;
  ASSERT_TRUE(run_process(spec, &r, &err)) << err;
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("no display and no terminal: running headless"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("We need a terminal"), std::string::npos) << r.err;
  size_t done = r.out.find("done"), separator = r.out.find("\n---- the screen at the end");
  ASSERT_NE(separator, std::string::npos) << r.out;
  EXPECT_LT(done, separator) << r.out;
}

}  // namespace
}  // namespace kbuild::test
