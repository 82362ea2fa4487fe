// kbuild gdb with the real gdb in batch mode: it stops at kernel_main, shows the backtrace,
// continues, and the kernel runs to its end. kbuild run --gdb prints a command that works.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "cli_harness.h"
#include "qemu/gdb_session.h"

namespace kbuild::test {
namespace {

TEST_F(CliTest, GdbStopsAtKernelMainAndTheKernelRunsOn) {
  if (find_debugger().empty()) GTEST_SKIP() << "gdb is not installed (scripts/install-deps installs it)";
  ASSERT_EQ(kbuild({"new", "dbg"}).status, 0);
  CliRun r = kbuild({"gdb", "--", "-batch", "-ex", "bt", "-ex", "continue"}, dir_ / "dbg");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("Breakpoint 1, kernel_main"), std::string::npos) << r.all();
  EXPECT_NE(r.out.find("at src/main.cpp:"), std::string::npos) << r.all();
  // the backtrace from the breakpoint: kernel_main, called by the runtime's start
  size_t frame0 = r.out.find("#0  kernel_main");
  ASSERT_NE(frame0, std::string::npos) << r.all();
  EXPECT_NE(r.out.find("in kbuild_start_main", frame0), std::string::npos) << r.all();
  // after continue the kernel ran to its end
  EXPECT_NE(r.out.find("Hello, world!", frame0), std::string::npos) << r.all();
  EXPECT_NE(r.err.find("the kernel powered off"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hbreak kernel_main"), std::string::npos) << r.err;
}

TEST_F(CliTest, GdbOnAChosenPort) {
  if (find_debugger().empty()) GTEST_SKIP() << "gdb is not installed";
  std::string err;
  unsigned port = free_tcp_port(&err);
  ASSERT_NE(port, 0u) << err;
  ASSERT_EQ(kbuild({"new", "dbgport"}).status, 0);
  CliRun r = kbuild({"gdb", "--gdb-port", std::to_string(port), "--", "-batch", "-ex", "continue"},
                    dir_ / "dbgport");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("-gdb tcp:127.0.0.1:" + std::to_string(port)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("target remote 127.0.0.1:" + std::to_string(port)), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Breakpoint 1, kernel_main"), std::string::npos) << r.all();
}

// The command kbuild run --gdb prints, run as printed (in batch mode), reaches kernel_main.
TEST_F(CliTest, RunGdbPrintsACommandThatConnects) {
  if (find_debugger().empty()) GTEST_SKIP() << "gdb is not installed";
  std::string err;
  unsigned port = free_tcp_port(&err);
  ASSERT_NE(port, 0u) << err;
  ASSERT_EQ(kbuild({"new", "rg"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "rg").status, 0);
  ProcessSpec qemu_run;
  qemu_run.argv = {KBUILD_BINARY, "run", "--headless", "--gdb", "--gdb-port", std::to_string(port), "--timeout", "120"};
  qemu_run.cwd = dir_ / "rg";
  qemu_run.output = ProcessSpec::Output::capture;
  qemu_run.env_set = {{"NO_COLOR", "1"}};
  ProcessSet set;
  ASSERT_GE(set.start(qemu_run, &err), 0) << err;
  // the printed command (note: ... in another terminal: gdb ...) is the one we run
  std::vector<std::string> gdb = gdb_argv(find_debugger(), dir_ / "rg/build/dev/rg.elf", port, {});
  // QEMU listens before the kernel has run a single instruction; gdb retries until it can connect
  ProcessSpec attach;
  attach.argv = {gdb[0], "-q", "-batch", "-ex", "set tcp connect-timeout 60"};
  attach.argv.insert(attach.argv.end(), gdb.begin() + 2, gdb.end());
  attach.argv.insert(attach.argv.begin() + 3, gdb[2]);
  attach.output = ProcessSpec::Output::merge;
  attach.timeout = std::chrono::minutes(3);
  ProcessResult g;
  ASSERT_TRUE(run_process(attach, &g, &err)) << err;
  EXPECT_NE(g.out.find("Breakpoint 1, kernel_main"), std::string::npos) << g.out;
  ProcessResult ran;
  ASSERT_GE(set.wait_one(&ran), 0);
  EXPECT_EQ(ran.exit_code, 0) << ran.out << ran.err;
  EXPECT_NE(ran.err.find("in another terminal: " + format_command({"gdb", "-q", (dir_ / "rg/build/dev/rg.elf").string()})),
            std::string::npos)
      << ran.err;
}

// Where only gdb-multiarch is installed (Debian's debugger for other architectures), `kbuild gdb`
// runs it, and `kbuild run --gdb` and `kbuild runner --gdb` name it in the command they print.
TEST_F(CliTest, GdbMultiarchServesWhereThereIsNoGdb) {
  std::string debugger = find_debugger();
  if (debugger.empty()) GTEST_SKIP() << "gdb is not installed";
  // A PATH with every program of the usual one but gdb, and gdb-multiarch beside them.
  std::filesystem::path bin = dir_ / "bin-without-gdb";
  std::filesystem::create_directories(bin);
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      std::string name = entry.path().filename().string();
      if (name == "gdb" || name == "gdb-multiarch" || std::filesystem::exists(bin / name)) continue;
      std::filesystem::create_symlink(entry.path(), bin / name, ec);
    }
  }
  std::filesystem::create_symlink(debugger, bin / "gdb-multiarch");
  ASSERT_EQ(kbuild({"new", "multi"}).status, 0);
  auto kbuild_there = [&](std::vector<std::string> args) {
    ProcessSpec spec;
    spec.argv = {KBUILD_BINARY};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.cwd = dir_ / "multi";
    spec.output = ProcessSpec::Output::capture;
    spec.timeout = std::chrono::minutes(5);
    spec.env_set = {{"NO_COLOR", "1"}, {"PATH", bin.string()}};
    ProcessResult result;
    std::string err;
    EXPECT_TRUE(run_process(spec, &result, &err)) << err;
    return result;
  };
  ProcessResult session = kbuild_there({"-v", "gdb", "--", "-batch", "-ex", "continue"});
  EXPECT_EQ(session.exit_code, 0) << session.out << session.err;
  EXPECT_NE(session.out.find("Breakpoint 1, kernel_main"), std::string::npos) << session.out << session.err;
  EXPECT_NE(session.err.find((bin / "gdb-multiarch").string() + " -q "), std::string::npos) << session.err;
  // QEMU waits for a gdb that never comes until the timeout; the hint was printed before.
  ProcessResult run = kbuild_there({"run", "--headless", "--gdb", "--timeout", "1"});
  EXPECT_EQ(run.exit_code, 124) << run.out << run.err;
  EXPECT_NE(run.err.find("in another terminal: gdb-multiarch -q "), std::string::npos) << run.err;
  ProcessResult runner =
      kbuild_there({"runner", "--headless", "--gdb", "--timeout", "1", "build/dev/multi.elf"});
  EXPECT_EQ(runner.exit_code, 124) << runner.out << runner.err;
  EXPECT_NE(runner.err.find("in another terminal: gdb-multiarch -q "), std::string::npos)
      << runner.err;
}

constexpr const char* kSpinningKernel =
    "#include <kbuild/boot.h>\n"
    "extern \"C\" void kernel_main(const kbuild_boot_info*) {\n"
    "  for (volatile unsigned long spins = 0;; spins = spins + 1) {}\n"  // line 3
    "}\n";

// A gdb whose commands fail fails the run: the debugger's status is the run's, not "QEMU was
// closed" with status 0.
TEST_F(CliTest, GdbThatFailsFailsTheRun) {
  if (find_debugger().empty()) GTEST_SKIP() << "gdb is not installed";
  ASSERT_EQ(kbuild({"new", "dbgfail"}).status, 0);
  write("dbgfail/src/main.cpp", kSpinningKernel);  // only the debugger's end can end this run
  CliRun r = kbuild({"gdb", "--", "-batch", "-ex", "no-such-gdb-command"}, dir_ / "dbgfail");
  EXPECT_NE(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("gdb ended with exit status"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("QEMU was closed"), std::string::npos) << r.err;
}

// Ctrl-C at the terminal reaches every process in its foreground group. Beside gdb it must
// interrupt the kernel (gdb's job) and leave QEMU running: the session goes on after it.
TEST_F(CliTest, GdbCtrlCInterruptsTheKernelAndQemuLivesOn) {
  if (find_debugger().empty()) GTEST_SKIP() << "gdb is not installed";
  ASSERT_EQ(kbuild({"new", "spin"}).status, 0);
  write("spin/src/main.cpp", kSpinningKernel);
  ASSERT_EQ(kbuild({"build"}, dir_ / "spin").status, 0);
  int out[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {  // kbuild leads a process group of its own, as a shell's foreground job does
    ::setpgid(0, 0);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(out[1], STDERR_FILENO);
    ::setenv("NO_COLOR", "1", 1);
    if (::chdir((dir_ / "spin").c_str()) != 0) ::_exit(127);
    ::execl(KBUILD_BINARY, KBUILD_BINARY, "gdb", "--", "-batch", "-ex", "continue", "-ex", "print 6*7",
            "-ex", "detach", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  bool sent = false;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(4);
  for (;;) {
    pollfd p{out[0], POLLIN, 0};
    if (std::chrono::steady_clock::now() > give_up) {
      ::kill(-pid, SIGKILL);
      break;
    }
    if (::poll(&p, 1, 1000) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, size_t(n));
    // kbuild's own continue stops at its breakpoint on kernel_main (the source line follows);
    // then the script's continue lets the kernel spin. Give it a moment in its loop.
    size_t at_main = text.find("Breakpoint 1, kernel_main");
    if (!sent && at_main != std::string::npos && text.find("\n3\t", at_main) != std::string::npos) {
      ::usleep(2000 * 1000);
      ASSERT_EQ(::kill(-pid, SIGINT), 0);  // what the terminal does on Ctrl-C
      sent = true;
    }
  }
  ::close(out[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(sent) << text;
  EXPECT_NE(text.find("received signal SIGINT"), std::string::npos) << text;
  EXPECT_NE(text.find("$1 = 42"), std::string::npos) << text;  // gdb went on, QEMU still there
  EXPECT_EQ(text.find("terminating on signal"), std::string::npos) << text;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text;
}

}  // namespace
}  // namespace kbuild::test
