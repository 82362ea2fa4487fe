// kbuild gdb with the real gdb in batch mode: it stops at kernel_main, shows the backtrace,
// continues, and the kernel runs to its end. kbuild run --gdb prints a command that works.
#include "cli_harness.h"
#include "runner/gdb_session.h"

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

}  // namespace
}  // namespace kbuild::test
