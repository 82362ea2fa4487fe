// kbuild as Meson's exe_wrapper: a kernel project built by plain Meson with kbuild's cross file,
// whose test() kernels `meson test` boots in QEMU through `kbuild runner --test`.
#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

CliRun run(std::vector<std::string> argv, const fs::path& cwd) {
  ProcessResult r = run_command(std::move(argv), cwd);
  return {r.exit_code, r.out, r.err};
}

// The cross file of this kbuild build tree (share/kbuild/meson beside bin/kbuild).
fs::path cross_file() {
  return fs::path(KBUILD_BINARY).parent_path().parent_path() / "share/kbuild/meson/kbuild-x86_64.ini";
}

TEST_F(CliTest, MesonTestBootsTestKernelsThroughKbuildRunner) {
  if (find_program("meson").empty()) GTEST_SKIP() << "meson not installed (Debian's meson package)";
  fs::copy(fs::path(KBUILD_SOURCE_DIR) / "tests/cli/data/meson_example", dir_ / "example", fs::copy_options::recursive);
  ASSERT_TRUE(fs::exists(cross_file())) << cross_file();
  // As the README says to: meson setup with the cross file alone. Its compiler checks must not
  // try to boot a hosted program.
  CliRun setup = run({"meson", "setup", "build", "--cross-file", cross_file().string()}, dir_ / "example");
  ASSERT_EQ(setup.status, 0) << setup.out;
  CliRun build = run({"meson", "compile", "-C", "build"}, dir_ / "example");
  ASSERT_EQ(build.status, 0) << build.out;
  CliRun test = run({"meson", "test", "-C", "build", "--print-errorlogs", "-v"}, dir_ / "example");
  EXPECT_EQ(test.status, 0) << test.out;
  // The passing kernel passed, and the failing one failed as it should (should_fail).
  EXPECT_NE(test.out.find("Ok:                 1"), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("Expected Fail:      1"), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("\nFail:               0"), std::string::npos) << test.out;
  // meson really booted the kernels through kbuild: the runner's verdicts and the kernels' output.
  EXPECT_NE(test.out.find("runner --test"), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("test multiplies_into_128_bits ... ok"), std::string::npos) << test.out;
  EXPECT_NE(test.out.find("test one_is_two ... FAILED"), std::string::npos) << test.out;
}

// The cross file's link flags are `kbuild flags --link`'s, from the one list, not a copy.
TEST_F(CliTest, MesonCrossFileLinksWithKbuildFlagsLink) {
  CliRun flags = kbuild({"flags", "--link"});
  ASSERT_EQ(flags.status, 0) << flags.err;
  std::string joined;
  for (size_t start = 0, end; (end = flags.out.find('\n', start)) != std::string::npos; start = end + 1)
    joined += (joined.empty() ? "" : ",") + flags.out.substr(start, end - start);
  ASSERT_NE(joined.find("max-page-size=0x1000"), std::string::npos) << flags.out;
  std::string ini, err;
  ASSERT_TRUE(read_file(cross_file(), &ini, &err)) << err;
  EXPECT_NE(ini.find("kbuild_link_flags = [kbuild_target, '-fuse-ld=lld', '-nostdlib', '-static', '-Wl," +
                     joined + "']"),
            std::string::npos)
      << ini;
}

// `cmake --install` writes the cross file with the install's own paths, whatever --prefix says.
TEST_F(CliTest, InstalledMesonCrossFileNamesTheInstalledKbuild) {
  fs::path build_tree = fs::path(KBUILD_BINARY).parent_path().parent_path();
  fs::path prefix = dir_ / "prefix";
  ProcessResult r = run_command({"cmake", "--install", build_tree.string(), "--prefix", prefix.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::string ini = read("prefix/share/kbuild/meson/kbuild-x86_64.ini");
  EXPECT_NE(ini.find("kbuild_data = '" + (prefix / "share/kbuild").string() + "'"), std::string::npos) << ini;
  EXPECT_NE(ini.find("exe_wrapper = ['" + (prefix / "bin/kbuild").string() + "', 'runner', '--test']"),
            std::string::npos)
      << ini;
  EXPECT_NE(ini.find("skip_sanity_check = true"), std::string::npos) << ini;
  EXPECT_NE(ini.find("kbuild_data / 'runtime/src/arch/x86_64/start.S'"), std::string::npos) << ini;
  EXPECT_EQ(ini.find(build_tree.string()), std::string::npos) << ini;
}

}  // namespace
}  // namespace kbuild::test
