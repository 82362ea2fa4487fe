// kbuild as CTest's emulator: a kernel project built by plain CMake with kbuild's toolchain file,
// whose add_test() kernels ctest boots in QEMU through `kbuild runner --test`.
#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

CliRun run(std::vector<std::string> argv, const fs::path& cwd) {
  ProcessResult r = run_command(std::move(argv), cwd);
  return {r.exit_code, r.out, r.err};
}

TEST_F(CliTest, CTestBootsAddTestKernelsThroughKbuildRunner) {
  fs::copy(fs::path(KBUILD_SOURCE_DIR) / "tests/cli/data/ctest_example", dir_ / "example", fs::copy_options::recursive);
  // The toolchain file of this kbuild build tree (share/kbuild/cmake beside bin/kbuild).
  fs::path toolchain = fs::path(KBUILD_BINARY).parent_path().parent_path() / "share/kbuild/cmake/kbuild-toolchain.cmake";
  ASSERT_TRUE(fs::exists(toolchain)) << toolchain;
  CliRun configure = run({"cmake", "-S", ".", "-B", "build", "-G", "Ninja", "-DCMAKE_TOOLCHAIN_FILE=" + toolchain.string()},
                         dir_ / "example");
  ASSERT_EQ(configure.status, 0) << configure.out;
  CliRun build = run({"cmake", "--build", "build"}, dir_ / "example");
  ASSERT_EQ(build.status, 0) << build.out;
  CliRun ctest = run({"ctest", "--test-dir", "build", "--output-on-failure", "-V"}, dir_ / "example");
  EXPECT_EQ(ctest.status, 0) << ctest.out;
  EXPECT_NE(ctest.out.find("100% tests passed, 0 tests failed out of 2"), std::string::npos) << ctest.out;
  // ctest really ran the kernels through kbuild: the runner's verdicts and the kernels' output.
  EXPECT_NE(ctest.out.find("kbuild \"runner\" \"--test\""), std::string::npos) << ctest.out;
  EXPECT_NE(ctest.out.find("test multiplies_into_128_bits ... ok"), std::string::npos) << ctest.out;
  EXPECT_NE(ctest.out.find("test one_is_two ... FAILED"), std::string::npos) << ctest.out;
}

}  // namespace
}  // namespace kbuild::test
