// How a run ends, explained: real kernels (tests/cli/data/endings) that fail to boot, triple-fault,
// panic or overflow their stack, booted in real QEMU by `kbuild run`, `kbuild test` and
// `kbuild runner`. Each ends at once with the reason and a non-zero exit, never as "Finished".
#include <cstring>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class EndingsTest : public CliTest {
 protected:
  // A new project whose src/main.cpp is the named kernel of tests/cli/data/endings.
  void project(const std::string& kernel, std::string_view extra_toml = "") {
    ASSERT_EQ(kbuild({"new", "k"}).status, 0);
    write("k/src/main.cpp", data(kernel));
    if (!extra_toml.empty()) write("k/kernel.toml", read("k/kernel.toml") + std::string(extra_toml));
  }
  // Adds the named kernel as a test kernel of the project.
  void test_kernel(const std::string& kernel, const std::string& name) {
    write("k/tests/" + name + ".cpp", data(kernel));
  }
  std::string data(const std::string& kernel) {
    std::string text, err;
    EXPECT_TRUE(read_file(fs::path(KBUILD_TEST_DATA) / "endings" / kernel, &text, &err)) << err;
    return text;
  }
  CliRun run(std::vector<std::string> args = {}) {
    std::vector<std::string> argv = {"run", "--headless", "--timeout", "120"};
    argv.insert(argv.end(), args.begin(), args.end());
    return kbuild(argv, dir_ / "k");
  }
};

void expect_not_finished(const CliRun& r) {
  EXPECT_EQ(r.err.find("Finished the kernel"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Finished QEMU"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("timeout"), std::string::npos) << "ended by itself, not by the timeout:\n" << r.err;
}

TEST_F(EndingsTest, RunOfACorruptImageSaysTheBootFailedAndWhy) {
  project("panics.cpp");
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  // Break the boot manifest (LBA 34) of the image the build wrote; the build keeps it as it is.
  {
    std::FILE* f = std::fopen((dir_ / "k/build/dev/k.img").c_str(), "r+b");
    ASSERT_NE(f, nullptr);
    std::fseek(f, 34 * 512, SEEK_SET);
    std::fwrite("XXXXXXXX", 1, 8, f);
    std::fclose(f);
  }
  CliRun r = run();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("error: boot failed: bad boot manifest at LBA 34; the image is damaged"),
            std::string::npos)
      << r.err;
  // The live serial stream is still on stdout.
  EXPECT_NE(r.out.find("kbuild boot: bad boot manifest at LBA 34"), std::string::npos) << r.out;
  expect_not_finished(r);
}

TEST_F(EndingsTest, TestAndRunnerSayTheLoaderRanOutOfMemory) {
  project("big_bss.cpp", "\n[run]\nmemory = \"32M\"\n");
  test_kernel("big_bss.cpp", "big");
  CliRun t = kbuild({"test", "big"}, dir_ / "k");
  EXPECT_EQ(t.status, 1) << t.all();
  EXPECT_NE(t.out.find("boot failed: not enough memory"), std::string::npos) << t.all();
  EXPECT_NE(t.out.find("raise [run] memory"), std::string::npos) << t.all();

  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  CliRun r = kbuild({"runner", "--headless", "--timeout", "120", "build/dev/k.elf"}, dir_ / "k");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("error: boot failed: not enough memory"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("raise [run] memory"), std::string::npos) << r.err;
  expect_not_finished(r);
}

TEST_F(EndingsTest, SegmentsSharingAPageGetTheLinkerScriptHint) {
  project("panics.cpp");
  // The template's linker script without the ALIGN that puts .rodata on a page of its own.
  std::string script = read("k/linker.ld");
  size_t at = script.find("  . = ALIGN(0x1000);\n  .rodata");
  ASSERT_NE(at, std::string::npos) << script;
  script.erase(at, std::string("  . = ALIGN(0x1000);\n").size());
  write("k/linker.ld", script);
  // The image writer applies the loader's own rules, so the build refuses it before any boot.
  CliRun r = run();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("shares a page with the one at"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("put each PT_LOAD on its own page (`. = ALIGN(0x1000)` in the linker script)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Running"), std::string::npos) << r.err;  // no QEMU was started
  expect_not_finished(r);
}

TEST_F(EndingsTest, RunExplainsATripleFault) {
  project("null_write.cpp");
  CliRun r = run();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("error: triple fault: #PF (page fault) at RIP 0x"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(in crashing::write_through_null("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("address 0x0"), std::string::npos) << r.err;
  expect_not_finished(r);
}

TEST_F(EndingsTest, RunWithoutNoRebootStillStopsAtTheTimeout) {
  project("null_write.cpp", "\n[run]\nno-reboot = false\n");
  CliRun r = kbuild({"run", "--headless", "--timeout", "3", "-v"}, dir_ / "k");
  // The guest reboots into the same fault again and again until the timeout.
  EXPECT_EQ(r.status, 124) << r.all();
  EXPECT_EQ(r.err.find("-no-reboot"), std::string::npos) << r.err;
}

TEST_F(EndingsTest, RunNamesThePanickingFunction) {
  project("panics.cpp");
  CliRun r = run();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("error: kernel panic: invariant broken (in checks::check_invariant("), std::string::npos)
      << r.err;
  expect_not_finished(r);
}

TEST_F(EndingsTest, StackOverflowIsNamedInRunAndInTest) {
  project("stack_overflow.cpp");
  test_kernel("stack_overflow.cpp", "deep");
  CliRun r = run();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("error: stack overflow: #PF (page fault) at RIP 0x"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(in deep::recurse("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("raise [bootloader] stack-size"), std::string::npos) << r.err;
  expect_not_finished(r);

  CliRun t = kbuild({"test", "deep"}, dir_ / "k");
  EXPECT_EQ(t.status, 1) << t.all();
  EXPECT_NE(t.out.find("stack overflow: #PF (page fault)"), std::string::npos) << t.all();
  EXPECT_NE(t.out.find("raise [bootloader] stack-size"), std::string::npos) << t.all();
}

TEST_F(EndingsTest, ScreenshotThatCannotBeWrittenIsAnError) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  CliRun r = run({"--screenshot", "no/such/dir/screen.png"});
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("error: cannot save the screenshot no/such/dir/screen.png"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Saved"), std::string::npos) << r.err;
}

TEST_F(EndingsTest, ScreenshotOfAKernelThatExitsBeforeItIsAnError) {
  project("big_bss.cpp");  // with enough memory it exits through the debug-exit port at once
  CliRun r = run({"--screenshot", "screen.png"});
  EXPECT_EQ(r.status, 33) << r.all();
  EXPECT_NE(r.err.find("error: cannot save the screenshot screen.png: QEMU exited before it could be taken"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Saved"), std::string::npos) << r.err;
}

TEST_F(EndingsTest, AFastTimerLeavesABoundedInterruptLog) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  test_kernel("fast_timer.cpp", "timer");
  CliRun t = kbuild({"test", "timer"}, dir_ / "k");
  ASSERT_EQ(t.status, 0) << t.all();
  // Every tick was logged by QEMU (a KiB and more each: megabytes in all), but only the tail kept.
  std::string serial = read("k/build/dev/tests/timer.serial.log");
  ASSERT_NE(serial.find("ticks: "), std::string::npos) << serial;
  EXPECT_GE(std::stoul(serial.substr(serial.find("ticks: ") + 7)), 4000u);
  std::error_code ec;
  uintmax_t size = fs::file_size(dir_ / "k/build/dev/tests/timer.int.log", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_GT(size, 0u);
  EXPECT_LE(size, 256u * 1024);
  std::string log = read("k/build/dev/tests/timer.int.log");
  EXPECT_NE(log.find("v=20"), std::string::npos) << "the log's tail holds timer interrupts";
}

TEST_F(EndingsTest, AChattyTestKernelLeavesABoundedSerialLogWithItsTail) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  test_kernel("chatty.cpp", "chatty");
  CliRun t = kbuild({"test", "chatty"}, dir_ / "k");
  ASSERT_EQ(t.status, 0) << t.all();
  std::error_code ec;
  uintmax_t size = fs::file_size(dir_ / "k/build/dev/tests/chatty.serial.log", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_LE(size, 64u * 1024);  // of about 3 MiB written
  std::string serial = read("k/build/dev/tests/chatty.serial.log");
  EXPECT_NE(serial.find("LAST LINE"), std::string::npos);
  EXPECT_NE(serial.find("chatter line 047999"), std::string::npos);
  EXPECT_EQ(serial.find("chatter line 000000"), std::string::npos);
}

}  // namespace
}  // namespace kbuild::test
