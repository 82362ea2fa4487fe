// kbuild's own build with plain CMake and its default generator on Linux (Unix Makefiles), not
// only with Ninja: the bootloader's custom commands must create the folders they write into.
#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

TEST_F(CliTest, PlainCmakeWithUnixMakefilesBuildsTheBootloader) {
  fs::path tree = dir_ / "b";
  ProcessResult configure = run_command({"cmake", "-S", KBUILD_SOURCE_DIR, "-B", tree.string(), "-G", "Unix Makefiles",
                                         "-DCMAKE_BUILD_TYPE=Release"});
  ASSERT_EQ(configure.exit_code, 0) << configure.out;
  // The embedded bootloader is the part the Makefile generator used to fail on; kbuild itself is
  // ordinary C++ that any generator builds.
  ProcessResult build = run_command({"cmake", "--build", tree.string(), "--target", "kbuild_bootloader_blob", "-j", "2"});
  ASSERT_EQ(build.exit_code, 0) << build.out;
  EXPECT_TRUE(fs::exists(tree / "bootloader/libkbuild_bootloader_blob.a")) << build.out;
  EXPECT_TRUE(fs::exists(tree / "Makefile")) << "not the Makefile generator";
}

}  // namespace
}  // namespace kbuild::test
