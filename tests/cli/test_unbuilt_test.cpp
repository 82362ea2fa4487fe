// `kbuild test` when a test kernel does not build: it fails alone with what the compiler or
// linker said, the others build, boot and are reported, and the JUnit report is still written.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class TestUnbuilt : public CliTest {};

TEST_F(TestUnbuilt, ATestKernelThatDoesNotBuildFailsAloneAndTheOthersRun) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/unbuilt", dir_ / "p", fs::copy_options::recursive);
  CliRun r = kbuild({"test", "--junit", "out/reports/junit.xml"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("test broken ... FAILED (did not build)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test unlinked ... FAILED (did not build)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test good::adds ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kernel good ... ok"), std::string::npos) << r.out;
  // The compiler's and the linker's own words, in each kernel's failure.
  size_t broken = r.out.find("---- broken ----\nthe test kernel did not build: could not compile tests/broken.cpp\n");
  ASSERT_NE(broken, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not_declared_anywhere", broken), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error: use of undeclared identifier", broken), std::string::npos) << r.out;
  size_t unlinked = r.out.find("---- unlinked ----\nthe test kernel did not build: could not link build/dev/tests/unlinked.elf\n");
  ASSERT_NE(unlinked, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("defined_nowhere", unlinked), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n1 passed, 2 failed (3 test kernels)\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("error: "), std::string::npos) << r.err;  // reported once, in the report

  std::string xml = read("p/out/reports/junit.xml");
  EXPECT_NE(xml.find("<testsuite name=\"broken\" tests=\"1\" failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testsuite name=\"good\" tests=\"1\" failures=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("message=\"the test kernel did not build: could not compile tests/broken.cpp\""), std::string::npos)
      << xml;

  CliRun list = kbuild({"test", "--list"}, dir_ / "p");
  EXPECT_EQ(list.status, 1) << list.all();
  EXPECT_NE(list.out.find("broken: did not build\n"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("good::adds: test\n"), std::string::npos) << list.out;
}

// One build, going on after a failure: each step runs once, the failed ones included, and a
// test kernel whose source did not compile is not linked at all.
TEST_F(TestUnbuilt, EachStepRunsOnceWhateverFails) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/unbuilt", dir_ / "p", fs::copy_options::recursive);
  CliRun r = kbuild({"-v", "test", "-j", "1"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_EQ(count_lines_containing(r.err, "Compiling tests/broken.cpp"), 1u) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "Compiling tests/good.cpp"), 1u) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "Compiling tests/unlinked.cpp"), 1u) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "Linking build/dev/tests/unlinked.elf"), 1u) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "Linking build/dev/tests/broken.elf"), 0u) << r.err;
  EXPECT_NE(r.out.find("test broken ... FAILED (did not build)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test unlinked ... FAILED (did not build)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test good::adds ... ok"), std::string::npos) << r.out;
}

TEST_F(TestUnbuilt, TheKernelsOwnSourcesNotBuildingIsABuildError) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/unbuilt", dir_ / "p", fs::copy_options::recursive);
  fs::remove(dir_ / "p/tests/broken.cpp");
  fs::remove(dir_ / "p/tests/unlinked.cpp");
  write("p/src/shared.cpp", "int shared() { return undeclared_too; }\n");
  CliRun r = kbuild({"test"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("undeclared_too"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("could not compile src/shared.cpp"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("did not build"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("test good"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kbuild::test
