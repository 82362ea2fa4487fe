// kbuild's console (<kbuild/console.h>) through the real binary: a test kernel that draws on the
// VGA text screen and on framebuffers of two sizes, and checks what it drew.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class Console : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    fs::copy(fs::path(KBUILD_TEST_DATA) / "console_kernel", dir_ / "console",
             fs::copy_options::recursive);
  }

  void expect_all_cases_pass(const std::string& bootloader_table) {
    std::string toml = read("console/kernel.toml") + bootloader_table;
    write("console/kernel.toml", toml);
    CliRun r = kbuild({"test"}, dir_ / "console");
    EXPECT_EQ(r.status, 0) << r.all();
    // The console mirrors to COM1, so the cases' own lines are interleaved with its text.
    std::string log = read("console/build/dev/tests/console.serial.log");
    EXPECT_NE(log.find("test result: ok. 3 passed"), std::string::npos) << log;
  }
};

TEST_F(Console, DrawsOnTheVgaTextScreen) { expect_all_cases_pass(""); }

TEST_F(Console, DrawsOnAFramebuffer) {
  expect_all_cases_pass("\n[bootloader]\nframebuffer = { width = 800, height = 600 }\n");
}

TEST_F(Console, DrawsAtTwiceTheSizeOnAWideFramebuffer) {
  expect_all_cases_pass("\n[bootloader]\nframebuffer = { width = 1024, height = 768, bpp = 24 }\n");
}

}  // namespace
}  // namespace kbuild::test
