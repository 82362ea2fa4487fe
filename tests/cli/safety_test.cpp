// Hostile input through the real binary: names that look like options, odd files where kbuild
// reads or writes, builds that run at once or were killed.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

constexpr const char* kKernelMain =
    "#include <kbuild/boot.h>\nextern \"C\" void kernel_main(const kbuild_boot_info*) {}\n";

TEST_F(CliTest, ASourceNamedLikeAnOptionIsCompiledAsASource) {
  write("p/kernel.toml", "[kernel]\nname = \"p\"\nsources = [\"*.cpp\"]\n");
  write("p/-ofoo.cpp", kKernelMain);
  CliRun r = kbuild({"-v", "build"}, dir_ / "p");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find(" -c ./-ofoo.cpp "), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "p/build/dev/obj/-ofoo.cpp.o"));
  EXPECT_TRUE(fs::exists(dir_ / "p/build/dev/p.elf"));
  EXPECT_FALSE(fs::exists(dir_ / "p/foo.cpp")) << "clang took the source for -o";
}

}  // namespace
}  // namespace kbuild::test
