// Paths in messages are seen from where kbuild runs: relative to the current directory when they
// lie under it, absolute otherwise (a subdirectory of the project, --manifest-path from above).
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class ShownPaths : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(kbuild({"new", "k"}).status, 0);
    // A test kernel that prints and fails, so its serial log is named.
    write("k/tests/fails.cpp",
          "#include <kbuild/boot.h>\n#include <kbuild/runtime.h>\n#include <kbuild/test.h>\n"
          "extern \"C\" void kernel_main(const kbuild_boot_info*) {\n"
          "  kbuild_serial_write(\"failing\\n\", 8);\n"
          "  kbuild_test_fail();\n"
          "}\n");
  }
};

TEST_F(ShownPaths, FromAboveTheProject) {
  CliRun r = kbuild({"--manifest-path", "k/kernel.toml", "build"});
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("Imaged k/build/dev/k.img ("), std::string::npos) << r.err;
  CliRun t = kbuild({"--manifest-path", "k/kernel.toml", "test", "fails"});
  EXPECT_EQ(t.status, 1) << t.all();
  EXPECT_NE(t.out.find("serial output (k/build/dev/tests/fails.serial.log)"), std::string::npos) << t.out;
}

TEST_F(ShownPaths, FromASubdirectoryOfTheProject) {
  fs::path image = dir_ / "k/build/dev/k.img";
  CliRun r = kbuild({"build"}, dir_ / "k/src");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("Imaged " + image.string() + " ("), std::string::npos) << r.err;
  CliRun t = kbuild({"test", "fails"}, dir_ / "k/src");
  EXPECT_EQ(t.status, 1) << t.all();
  EXPECT_NE(t.out.find("serial output (" + (dir_ / "k/build/dev/tests/fails.serial.log").string() + ")"),
            std::string::npos)
      << t.out;
}

TEST_F(ShownPaths, FromTheProjectRoot) {
  CliRun r = kbuild({"build"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("Imaged build/dev/k.img ("), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kbuild::test
