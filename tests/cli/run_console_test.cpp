// The serial console of `kbuild run`: a kernel that echoes what it reads from COM1, run in a
// pseudo-terminal as a user's shell would run it, with no display.
#include "cli_harness.h"
#include "pty_run.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

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
