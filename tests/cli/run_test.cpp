// `kbuild run --headless` boots the template in real QEMU and shows its screen.
#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

TEST_F(CliTest, HeadlessRunOfTheTemplateShowsHelloAndEndsByItself) {
  ASSERT_EQ(kbuild({"new", "hello"}).status, 0);
  CliRun r = kbuild({"run", "--headless", "--timeout", "120", "--screenshot", "screen.png"}, dir_ / "hello");
  ASSERT_EQ(r.status, 0) << r.all();
  // The final 80x25 text screen, printed on stdout.
  EXPECT_NE(r.out.find("Hello, world!\nThis is hello.\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("the kernel powered off"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("timeout"), std::string::npos) << "ended by itself, not by the timeout:\n" << r.err;
  // The printed command is the one that ran.
  EXPECT_NE(r.err.find("Running qemu-system-x86_64"), std::string::npos) << r.err;
  // A real PNG of the screen.
  std::string png = read("hello/screen.png");
  ASSERT_GT(png.size(), 100u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
}

TEST_F(CliTest, HeadlessRunStopsAHangingKernelAtTheTimeout) {
  ASSERT_EQ(kbuild({"new", "spin"}).status, 0);
  write("spin/src/main.cpp",
        "#include <kbuild/boot.h>\nextern \"C\" void kernel_main(const kbuild_boot_info*) { for (;;) "
        "__asm__ volatile(\"pause\"); }\n");
  CliRun r = kbuild({"run", "--headless", "--timeout", "3"}, dir_ / "spin");
  EXPECT_EQ(r.status, 124) << r.all();
  EXPECT_NE(r.err.find("timeout"), std::string::npos) << r.err;
  // nothing left running: no QEMU has this project's image open
  ProcessResult found = run_command({"pgrep", "-f", (dir_ / "spin/build/dev/spin.img").string()});
  EXPECT_EQ(found.exit_code, 1) << "still running: " << found.out;
}

TEST_F(CliTest, RunReportsTheDebugExitCode) {
  ASSERT_EQ(kbuild({"new", "code"}).status, 0);
  write("code/src/main.cpp",
        "#include <kbuild/boot.h>\n#include <kbuild/runtime.h>\n"
        "extern \"C\" void kernel_main(const kbuild_boot_info*) { kbuild_exit(0x21); }\n");
  CliRun r = kbuild({"run", "--headless", "--timeout", "60"}, dir_ / "code");
  EXPECT_EQ(r.status, 0x43) << r.all();
  EXPECT_NE(r.err.find("0x21"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kbuild::test
