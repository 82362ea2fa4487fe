// `kbuild test` through the real binary: real clang++, ld.lld and QEMU, on a project whose test
// kernels pass, report failure, power off, hang, triple-fault and panic.
#include <cstring>
#include <map>
#include <memory>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

// A small structural XML reader: checks that tags nest and close, that text and attribute values
// use only known entities, and collects each element with its attributes in document order.
struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string parent;
};

bool entities_ok(const std::string& text) {
  for (size_t at = text.find('&'); at != std::string::npos; at = text.find('&', at + 1)) {
    bool known = false;
    for (const char* entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
      known = known || text.compare(at, std::strlen(entity), entity) == 0;
    if (!known) return false;
  }
  return text.find('<') == std::string::npos;
}

::testing::AssertionResult parse_xml(const std::string& xml, std::vector<XmlElement>* out) {
  std::vector<std::string> open;
  size_t at = 0;
  if (xml.rfind("<?xml ", 0) == 0) at = xml.find("?>") + 2;
  while (true) {
    size_t lt = xml.find('<', at);
    std::string text = xml.substr(at, lt == std::string::npos ? std::string::npos : lt - at);
    if (!entities_ok(text)) return ::testing::AssertionFailure() << "bad text: " << text;
    if (lt == std::string::npos) break;
    size_t gt = xml.find('>', lt);
    if (gt == std::string::npos) return ::testing::AssertionFailure() << "unclosed tag at " << lt;
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    at = gt + 1;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1))
        return ::testing::AssertionFailure() << "</" << tag.substr(1) << "> closes nothing open";
      open.pop_back();
      continue;
    }
    bool self_closing = tag.back() == '/';
    if (self_closing) tag.pop_back();
    XmlElement element;
    size_t space = tag.find(' ');
    element.name = tag.substr(0, space);
    element.parent = open.empty() ? "" : open.back();
    std::string rest = space == std::string::npos ? "" : tag.substr(space);
    size_t pos = 0;
    while ((pos = rest.find_first_not_of(' ', pos)) != std::string::npos) {
      size_t eq = rest.find("=\"", pos);
      size_t end = eq == std::string::npos ? eq : rest.find('"', eq + 2);
      if (end == std::string::npos) return ::testing::AssertionFailure() << "bad attributes: " << tag;
      std::string value = rest.substr(eq + 2, end - eq - 2);
      if (!entities_ok(value)) return ::testing::AssertionFailure() << "bad attribute value: " << value;
      element.attributes[rest.substr(pos, eq - pos)] = value;
      pos = end + 1;
    }
    out->push_back(element);
    if (!self_closing) open.push_back(element.name);
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> never closed";
  return ::testing::AssertionSuccess();
}

std::string read_file_or_empty(const fs::path& path) {
  std::string text, err;
  read_file(path, &text, &err);
  return text;
}

std::string line_with(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  size_t start = text.rfind('\n', at);
  start = start == std::string::npos ? 0 : start + 1;
  return text.substr(start, text.find('\n', at) - start);
}

std::string last_line(const std::string& text) {
  std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

// One copy of the project for the whole suite, so its objects are compiled once.
class TestCommand : public CliTest {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = std::make_unique<ScratchDir>("TestCommand");
    project_ = suite_dir_->path() / "mixed";
    fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/mixed", project_, fs::copy_options::recursive);
  }
  static void TearDownTestSuite() { suite_dir_.reset(); }
  static std::unique_ptr<ScratchDir> suite_dir_;
  static fs::path project_;
};
std::unique_ptr<ScratchDir> TestCommand::suite_dir_;
fs::path TestCommand::project_;

TEST_F(TestCommand, ReportsEachWayATestKernelEnds) {
  CliRun r = kbuild({"test", "-j", "2", "--junit", "report.xml"}, project_);
  EXPECT_EQ(r.status, 1) << r.all();
  const std::string& out = r.out;

  // A line per case for kernels with KBUILD_TEST cases, a line per kernel for the others.
  EXPECT_NE(line_with(out, "test cases_pass::adds_small_numbers ... ").find("ok"), std::string::npos) << out;
  EXPECT_NE(line_with(out, "test cases_pass::adds_negative_numbers ... ").find("ok"), std::string::npos) << out;
  EXPECT_NE(line_with(out, "test case_fails::adds_correctly ... ").find("ok"), std::string::npos) << out;
  EXPECT_NE(line_with(out, "kernel case_fails ... ").find("FAILED ("), std::string::npos) << out;
  EXPECT_NE(line_with(out, "test single_pass ... ").find("ok ("), std::string::npos) << out;
  for (const char* failing : {"case_fails::expects_the_impossible", "returns", "hangs", "triple_fault", "panics"})
    EXPECT_NE(line_with(out, std::string("test ") + failing + " ... ").find("FAILED"), std::string::npos)
        << failing << "\n" << out;
  EXPECT_EQ(last_line(out), "4 passed, 5 failed (7 test kernels)") << out;

  // Each failure with its reason, right under its name.
  EXPECT_NE(out.find("---- case_fails::expects_the_impossible ----\n"
                     "tests/case_fails.cpp:8: expected mixed::add(2, 2) == 5, got 4 and 5"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  | test expects_the_impossible ... FAILED"), std::string::npos) << out;
  EXPECT_EQ(out.find("  | test adds_correctly ... ok"), std::string::npos) << "only the case's own output\n" << out;
  EXPECT_NE(out.find("---- returns ----\npowered off without reporting (the kernel halted or returned from "
                     "kernel_main)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  | leaving early"), std::string::npos) << out;
  EXPECT_NE(out.find("---- hangs ----\ntimed out after 3 s"), std::string::npos) << out;
  EXPECT_NE(out.find("---- panics ----\nkernel panic: the frame allocator is empty (in memory::allocate_frame()+0x"),
            std::string::npos)
      << out;
  std::string fault = line_with(out, "triple fault: ");
  EXPECT_NE(fault.find("at RIP 0xffffffff8"), std::string::npos) << out;
  EXPECT_NE(fault.find("(in crashing::write_through_null"), std::string::npos) << out;
  EXPECT_EQ(out.find("still alive"), std::string::npos) << out;

  // Logs beside the images; the hung QEMU is gone.
  EXPECT_NE(read_file_or_empty(project_ / "build/dev/tests/hangs.serial.log").find("spinning forever"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(project_ / "build/dev/tests/triple_fault.int.log"));
  EXPECT_TRUE(fs::exists(project_ / "build/dev/tests/cases_pass.img"));
  ProcessSpec pgrep;
  pgrep.argv = {"pgrep", "-f", (project_ / "build/dev/tests").string()};
  pgrep.output = ProcessSpec::Output::capture;
  ProcessResult left;
  std::string err;
  ASSERT_TRUE(run_process(pgrep, &left, &err)) << err;
  EXPECT_EQ(left.exit_code, 1) << "QEMU still running: " << left.out;

  // The JUnit report, parsed back.
  std::string xml = read_file_or_empty(project_ / "report.xml");
  std::vector<XmlElement> elements;
  ASSERT_TRUE(parse_xml(xml, &elements)) << xml;
  // One suite per kernel (classname = kernel), one testcase per case.
  std::map<std::string, std::map<std::string, std::string>> suites;
  std::map<std::string, int> failures_of;
  std::vector<std::string> cases;
  std::string current, suite;
  // The attributes JUnit's schema requires of each element, and where each may appear.
  const std::map<std::string, std::vector<std::string>> required = {
      {"testsuites", {"tests", "failures", "errors", "time"}},
      {"testsuite", {"name", "tests", "failures", "errors", "skipped", "time"}},
      {"testcase", {"name", "classname", "time"}},
      {"failure", {"message", "type"}}};
  const std::map<std::string, std::string> parent_of = {
      {"testsuites", ""},      {"testsuite", "testsuites"}, {"testcase", "testsuite"},
      {"failure", "testcase"}, {"skipped", "testcase"},     {"system-out", "testcase"}};
  for (const XmlElement& e : elements) {
    ASSERT_TRUE(parent_of.count(e.name)) << "unexpected element <" << e.name << ">";
    EXPECT_EQ(e.parent, parent_of.at(e.name)) << e.name;
    if (auto need = required.find(e.name); need != required.end())
      for (const std::string& attribute : need->second)
        EXPECT_TRUE(e.attributes.count(attribute)) << e.name << " " << attribute;
  }
  for (const XmlElement& e : elements) {
    if (e.name == "testsuites") EXPECT_EQ(e.attributes.at("tests"), "9");
    if (e.name == "testsuite") {
      EXPECT_EQ(e.parent, "testsuites");
      suite = e.attributes.at("name");
      suites[suite] = e.attributes;
    }
    if (e.name == "testcase") {
      EXPECT_EQ(e.parent, "testsuite");
      EXPECT_EQ(e.attributes.at("classname"), suite);
      EXPECT_TRUE(e.attributes.count("time"));
      current = suite + "::" + e.attributes.at("name");
      cases.push_back(current);
    }
    if (e.name == "failure") {
      EXPECT_EQ(e.parent, "testcase");
      EXPECT_FALSE(e.attributes.at("message").empty());
      ++failures_of[current];
    }
  }
  EXPECT_EQ(suites.size(), 7u);
  EXPECT_EQ(suites["case_fails"]["tests"], "2");
  EXPECT_EQ(suites["case_fails"]["failures"], "1");
  EXPECT_EQ(suites["cases_pass"]["failures"], "0");
  EXPECT_EQ(cases, (std::vector<std::string>{"case_fails::adds_correctly", "case_fails::expects_the_impossible",
                                             "cases_pass::adds_small_numbers", "cases_pass::adds_negative_numbers",
                                             "hangs::hangs", "panics::panics", "returns::returns",
                                             "single_pass::single_pass", "triple_fault::triple_fault"}));
  EXPECT_EQ(failures_of, (std::map<std::string, int>{{"case_fails::expects_the_impossible", 1},
                                                     {"hangs::hangs", 1},
                                                     {"panics::panics", 1},
                                                     {"returns::returns", 1},
                                                     {"triple_fault::triple_fault", 1}}));
  EXPECT_NE(xml.find("<system-out>spinning forever\n</system-out>"), std::string::npos) << xml;
}

TEST_F(TestCommand, NameFilterSkipsTheRestAndAllPassingExitsZero) {
  CliRun r = kbuild({"test", "pass", "--junit", "pass.xml"}, project_);
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test cases_pass::adds_small_numbers ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test single_pass ... ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("test hangs"), std::string::npos) << r.out;
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed (2 test kernels), 6 filtered out") << r.out;
  std::string xml = read_file_or_empty(project_ / "pass.xml");
  std::vector<XmlElement> elements;
  ASSERT_TRUE(parse_xml(xml, &elements)) << xml;
  size_t skipped = 0;
  for (const XmlElement& e : elements) skipped += e.name == "skipped";
  EXPECT_EQ(skipped, 6u);  // each filtered-out case of case_fails counts
  EXPECT_NE(xml.find("<testsuites name=\"mixed\" tests=\"9\" failures=\"0\" errors=\"0\" skipped=\"6\""),
            std::string::npos)
      << xml;
}

// The report's missing directories are made now; one that cannot be made (a file is in the way)
// still fails before anything is built.
TEST_F(TestCommand, UnwritableReportFailsBeforeBuilding) {
  CliRun r = kbuild({"test", "--junit", "kernel.toml/report.xml"}, project_);
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("cannot write the JUnit report"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Compiling"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kbuild::test
