// `kbuild test` with [test.NAME] expect-screen through the real binary and real QEMU (BIOS, so the
// screen is the 80x25 text buffer): a missing golden file, --bless writing it, a match that
// ignores trailing blanks, and a mismatch shown as a diff.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class TestScreen : public CliTest {};

TEST_F(TestScreen, MissingBlessMatchAndMismatch) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/screens", dir_ / "p", fs::copy_options::recursive);
  const std::string golden = "p/tests/screens/hello.screen.txt";

  CliRun missing = kbuild({"test"}, dir_ / "p");
  EXPECT_EQ(missing.status, 1) << missing.all();
  EXPECT_NE(missing.out.find("test hello::prints ... ok"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("test hello ... FAILED"), std::string::npos) << missing.out;
  EXPECT_NE(missing.out.find("tests/screens/hello.screen.txt does not exist: run `kbuild test --bless` to "
                             "create it"),
            std::string::npos)
      << missing.out;
  EXPECT_FALSE(fs::exists(dir_ / golden));

  CliRun bless = kbuild({"test", "--bless"}, dir_ / "p");
  EXPECT_EQ(bless.status, 0) << bless.all();
  EXPECT_NE(bless.out.find("blessed: wrote tests/screens/hello.screen.txt\n"), std::string::npos) << bless.out;
  EXPECT_EQ(read(golden), "hello, screen\nfrom the case\n");

  // Trailing blanks on a line and blank lines at the end are not significant.
  write(golden, "hello, screen   \nfrom the case\t\n\n  \n");
  CliRun same = kbuild({"test"}, dir_ / "p");
  EXPECT_EQ(same.status, 0) << same.all();
  EXPECT_NE(same.out.find("1 passed, 0 failed (1 test kernel)"), std::string::npos) << same.out;

  write(golden, "hello, world\nfrom the case\n");
  CliRun differs = kbuild({"test"}, dir_ / "p");
  EXPECT_EQ(differs.status, 1) << differs.all();
  EXPECT_NE(differs.out.find("test hello ... FAILED"), std::string::npos) << differs.out;
  EXPECT_NE(differs.out.find("screen differs from tests/screens/hello.screen.txt"), std::string::npos)
      << differs.out;
  EXPECT_NE(differs.out.find("\n--- tests/screens/hello.screen.txt\n+++ screen\n@@ -1,2 +1,2 @@\n-hello, "
                             "world\n+hello, screen\n from the case\n"),
            std::string::npos)
      << differs.out;
  EXPECT_EQ(read(golden), "hello, world\nfrom the case\n");  // never changed without --bless
}

TEST_F(TestScreen, AnExpectScreenOutsideTheProjectIsAnErrorAtItsPlace) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/screens", dir_ / "p", fs::copy_options::recursive);
  std::string toml = read("p/kernel.toml");
  toml.replace(toml.find("\"tests/screens"), 1, "\"../");
  write("p/kernel.toml", toml);
  CliRun r = kbuild({"test"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("kernel.toml:6:17: expect-screen \"../tests/screens/hello.screen.txt\" in [test.hello] "
                       "must be a file path relative to the project directory"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace kbuild::test
