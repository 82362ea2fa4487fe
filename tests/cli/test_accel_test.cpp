// `kbuild test` chooses QEMU's accelerator as `kbuild run` does: --accel, else [run] accel, and
// "auto" picks KVM only where it really works. Real test kernels, booted in real QEMU.
#include "cli_harness.h"

namespace kbuild::test {
namespace {

class TestAccel : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  }
};

TEST_F(TestAccel, AccelOptionReachesEveryTestQemu) {
  CliRun r = kbuild({"-v", "test", "--accel", "tcg"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("-accel tcg"), std::string::npos) << r.all();
  EXPECT_NE(r.all().find("accelerator: TCG"), std::string::npos) << r.all();
}

TEST_F(TestAccel, RunAccelKeyReachesEveryTestQemu) {
  write("k/kernel.toml", read("k/kernel.toml") + "\n[run]\naccel = \"tcg\"\n");
  CliRun r = kbuild({"-v", "test"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("-accel tcg"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::test
