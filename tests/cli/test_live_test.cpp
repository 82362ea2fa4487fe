// `kbuild test --nocapture` (each kernel's serial lines as they come, prefixed with its name) and
// the durations of kernels and cases (the format; never the values), on the console and in JUnit.
#include <regex>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class TestLive : public CliTest {};

TEST_F(TestLive, NocapturePrefixesEveryLineWithItsKernel) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/live", dir_ / "p", fs::copy_options::recursive);
  CliRun r = kbuild({"test", "-j", "2", "--nocapture"}, dir_ / "p");
  EXPECT_EQ(r.status, 0) << r.all();
  const std::string out = "\n" + r.out;  // the first line too starts after a line end
  EXPECT_NE(out.find("\nfirst: first says one\n"), std::string::npos) << r.out;
  EXPECT_NE(out.find("\nfirst: first says two\n"), std::string::npos) << r.out;  // the unfinished last line
  EXPECT_NE(out.find("\nsecond: running 2 tests\n"), std::string::npos) << r.out;
  EXPECT_NE(out.find("\nsecond: test counts ... second says hello\n"), std::string::npos) << r.out;
  EXPECT_NE(out.find("\nsecond: test adds ... ok ["), std::string::npos) << r.out;
  // Every line the kernels printed is there once, prefixed: none is cut or left bare.
  EXPECT_EQ(count_lines_containing(r.out, "says"), 3u) << r.out;
  EXPECT_EQ(count_lines_containing(r.out, "first: first says"), 2u) << r.out;
  EXPECT_EQ(count_lines_containing(r.out, "second: test counts ... second says hello"), 1u) << r.out;

  CliRun quiet = kbuild({"test", "-j", "2"}, dir_ / "p");
  EXPECT_EQ(quiet.status, 0) << quiet.all();
  EXPECT_EQ(quiet.out.find("says"), std::string::npos) << quiet.out;  // shown only for failures
}

TEST_F(TestLive, KernelsAndCasesHaveDurationsInSecondsAndInJunit) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/live", dir_ / "p", fs::copy_options::recursive);
  CliRun r = kbuild({"test", "--junit", "report.xml"}, dir_ / "p");
  EXPECT_EQ(r.status, 0) << r.all();
  // Seconds to the millisecond, or "<1 ms" for a case quicker than that.
  const std::string t = R"( \((\d+\.\d{3} s|<1 ms)\)\n)";
  const std::string out = "\n" + r.out;
  EXPECT_TRUE(std::regex_search(out, std::regex("\ntest first ... ok" + t))) << r.out;
  EXPECT_TRUE(std::regex_search(out, std::regex("\ntest second::counts ... ok" + t))) << r.out;
  EXPECT_TRUE(std::regex_search(out, std::regex("\ntest second::adds ... ok" + t))) << r.out;
  EXPECT_TRUE(std::regex_search(out, std::regex("\nkernel second ... ok" + t))) << r.out;
  std::string xml = read("p/report.xml");
  EXPECT_TRUE(std::regex_search(xml, std::regex(R"(<testcase name="counts" classname="second" time="\d+\.\d{3}")")))
      << xml;
  EXPECT_TRUE(std::regex_search(xml, std::regex(R"(<testsuite name="second" [^>]* time="\d+\.\d{3}")"))) << xml;
}

}  // namespace
}  // namespace kbuild::test
