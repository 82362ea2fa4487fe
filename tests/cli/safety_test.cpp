// Hostile input through the real binary: names that look like options, odd files where kbuild
// reads or writes, builds that run at once or were killed.
#include <sys/stat.h>

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

namespace kbuild::test {
namespace {

TEST_F(CliTest, AManifestThatIsADeviceAFifoOrHugeIsRefusedAtOnce) {
  CliRun zero = kbuild({"build", "--manifest-path", "/dev/zero"});
  EXPECT_EQ(zero.status, 1) << zero.all();
  EXPECT_EQ(zero.err, "error: cannot read /dev/zero: it is a character device, not a regular file\n");

  std::filesystem::path fifo = dir_ / "kernel.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  CliRun pipe = kbuild({"build", "--manifest-path", fifo.string()});  // nobody ever writes to it
  EXPECT_EQ(pipe.status, 1) << pipe.all();
  EXPECT_NE(pipe.err.find("it is a FIFO, not a regular file"), std::string::npos) << pipe.err;

  std::filesystem::remove(fifo);
  write("kernel.toml", "[kernel]\nname = \"big\"\n");
  std::filesystem::resize_file(fifo, (1u << 20) + 1);
  CliRun big = kbuild({"build"});
  EXPECT_EQ(big.status, 1) << big.all();
  EXPECT_NE(big.err.find("kernel.toml: it is larger than 1 MiB"), std::string::npos) << big.err;
  EXPECT_EQ(count_lines_containing(big.err, ""), 1u) << big.err;
}

}  // namespace
}  // namespace kbuild::test
