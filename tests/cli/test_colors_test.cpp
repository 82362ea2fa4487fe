// The colors of `kbuild test`'s verdicts (ok green, FAILED red, not run yellow): on when stdout is
// a terminal, whatever stderr is; off when stdout is piped; --color always and never win over
// both. Real test kernels booted in real QEMU, kbuild in a pseudo-terminal where it needs one.
#include "cli_harness.h"
#include "pty_run.h"

namespace kbuild::test {
namespace {

constexpr const char* kKernel = R"(#include <kbuild/boot.h>
#include <kbuild/test.h>
KBUILD_TEST(passes) {}
KBUILD_TEST(fails) { KBUILD_ASSERT_EQ(1 + 1, 3); }
extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
)";

constexpr const char* kGreenOk = "test colors::passes ... \x1b[32mok\x1b[0m (";
constexpr const char* kRedFailed = "test colors::fails ... \x1b[31mFAILED\x1b[0m (";

class TestColors : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(kbuild({"new", "k"}).status, 0);
    write("k/tests/colors.cpp", kKernel);
  }
};

// Four boots of one small kernel under SeaBIOS.
TEST_F(TestColors, VerdictsAreColoredWhenStdoutIsATerminal) {
  PtyRun tty({"test", "--exact", "colors"}, dir_ / "k", {.colors = true});
  ASSERT_TRUE(tty.started());
  EXPECT_EQ(tty.finish(), 1) << tty.output();
  EXPECT_NE(tty.output().find(kGreenOk), std::string::npos) << tty.output();
  EXPECT_NE(tty.output().find(kRedFailed), std::string::npos) << tty.output();

  // stderr elsewhere changes nothing: the verdicts are on stdout.
  PtyRun tty_stderr_away({"test", "--exact", "colors"}, dir_ / "k",
                         {.colors = true, .stderr_to_null = true});
  EXPECT_EQ(tty_stderr_away.finish(), 1) << tty_stderr_away.output();
  EXPECT_NE(tty_stderr_away.output().find(kGreenOk), std::string::npos) << tty_stderr_away.output();

  PtyRun never({"--color", "never", "test", "--exact", "colors"}, dir_ / "k", {.colors = true});
  EXPECT_EQ(never.finish(), 1) << never.output();
  EXPECT_NE(never.output().find("test colors::passes ... ok ("), std::string::npos)
      << never.output();
  EXPECT_EQ(never.output().find("\x1b["), std::string::npos) << never.output();
}

TEST_F(TestColors, PipedVerdictsArePlainUnlessColorIsAlways) {
  CliRun piped = kbuild({"test", "--exact", "colors"}, dir_ / "k");
  EXPECT_EQ(piped.status, 1) << piped.all();
  EXPECT_NE(piped.out.find("test colors::fails ... FAILED ("), std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find("\x1b["), std::string::npos) << piped.out;

  CliRun always = kbuild({"--color", "always", "test", "--exact", "colors"}, dir_ / "k");
  EXPECT_EQ(always.status, 1) << always.all();
  EXPECT_NE(always.out.find(kGreenOk), std::string::npos) << always.out;
  EXPECT_NE(always.out.find(kRedFailed), std::string::npos) << always.out;
}

}  // namespace
}  // namespace kbuild::test
