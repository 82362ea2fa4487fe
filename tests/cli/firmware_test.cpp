// --firmware and [run]/[test] firmware through the real binary: the template's kernels booted
// by OVMF from kbuild's hybrid image, and the mismatches refused before QEMU starts.
#include <fstream>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class Firmware : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  }
  void append_toml(const std::string& text) { write("k/kernel.toml", read("k/kernel.toml") + text); }
};

TEST_F(Firmware, HeadlessRunUnderUefiPrintsTheSerialOutputAndSavesTheScreen) {
  CliRun r = kbuild({"run", "--headless", "--firmware", "uefi", "--timeout", "120"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("Hello, world!"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("Saved screenshot"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Finished"), std::string::npos) << r.err;
  // A real PNG of the framebuffer, beside the image.
  std::ifstream png(dir_ / "k/build/dev/k.screen.png", std::ios::binary);
  char magic[8] = {};
  png.read(magic, 8);
  EXPECT_EQ(std::string(magic, 8), "\x89PNG\r\n\x1a\n");
}

TEST_F(Firmware, TestAllBootsEachKernelOnBothFirmwares) {
  CliRun r = kbuild({"test", "--firmware", "all"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("kernel basic ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kernel basic[uefi] ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("6 passed, 0 failed (2 test kernels)"), std::string::npos) << r.out;
  // Each firmware's run keeps its own log.
  EXPECT_NE(read("k/build/dev/tests/basic.uefi.serial.log").find("test result: ok"), std::string::npos);
  EXPECT_NE(read("k/build/dev/tests/basic.serial.log").find("test result: ok"), std::string::npos);
}

TEST_F(Firmware, TestFirmwareKeyIsHonoured) {
  append_toml("\n[test]\nfirmware = \"uefi\"\n");
  CliRun r = kbuild({"test"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("kernel basic[uefi] ... ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("kernel basic ... ok"), std::string::npos) << r.out;
}

TEST_F(Firmware, RunnerTestsAnElfUnderUefi) {
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  ASSERT_EQ(kbuild({"test", "--firmware", "bios"}, dir_ / "k").status, 0);  // builds basic.elf
  CliRun r = kbuild({"runner", "--test", "--firmware", "uefi", "build/dev/tests/basic.elf"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test basic[uefi] ... ok"), std::string::npos) << r.out;
}

TEST_F(Firmware, ABiosOnlyImageIsRefusedUnderUefiBeforeQemuStarts) {
  std::string toml = read("k/kernel.toml");
  size_t at = toml.find("boot = \"hybrid\"");
  ASSERT_NE(at, std::string::npos) << toml;
  toml.replace(at, std::string("boot = \"hybrid\"").size(), "boot = \"bios\"");
  write("k/kernel.toml", toml);
  CliRun r = kbuild({"run", "--headless", "--firmware", "uefi"}, dir_ / "k");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("boots on BIOS only ([target] boot = \"bios\"), not under UEFI: set boot = "
                       "\"hybrid\" in kernel.toml"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Running"), std::string::npos) << r.err;
  r = kbuild({"test", "--firmware", "uefi"}, dir_ / "k");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("boots on BIOS only"), std::string::npos) << r.err;
}

TEST_F(Firmware, UnknownFirmwareIsAnErrorAtItsPlace) {
  append_toml("\n[run]\nfirmware = \"efi\"\n");
  CliRun r = kbuild({"run", "--headless"}, dir_ / "k");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("kernel.toml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("firmware \"efi\" is not known (expected \"bios\" or \"uefi\")"),
            std::string::npos)
      << r.err;
  r = kbuild({"test", "--firmware", "efi"}, dir_ / "k");
  EXPECT_EQ(r.status, 2) << r.all();  // a command-line mistake
}

}  // namespace
}  // namespace kbuild::test
