// `kbuild test` case by case through the real binary, real clang++, ld.lld and QEMU: a verdict
// per KBUILD_TEST case (ok, FAILED, should-panic met and unmet, a fault, not run), --fail-fast,
// filters that reach the kernel's command line, and --list without QEMU.
#include <cstring>
#include <memory>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

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

std::string file_text(const fs::path& path) {
  std::string text, err;
  read_file(path, &text, &err);
  return text;
}

// One copy of the project for the suite, so its objects are compiled once.
class TestCases : public CliTest {
 protected:
  static void SetUpTestSuite() {
    suite_dir_ = std::make_unique<ScratchDir>("TestCases");
    project_ = suite_dir_->path() / "cases";
    fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/cases", project_, fs::copy_options::recursive);
  }
  static void TearDownTestSuite() { suite_dir_.reset(); }

  // kbuild with a PATH that has every program of the usual one except QEMU.
  CliRun kbuild_without_qemu(std::vector<std::string> args) {
    fs::path bin = dir_ / "bin-without-qemu";
    fs::create_directories(bin);
    for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind("qemu", 0) == 0 || fs::exists(bin / name)) continue;
        fs::create_symlink(entry.path(), bin / name, ec);
      }
    }
    ProcessSpec spec;
    spec.argv = {KBUILD_BINARY};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.cwd = project_;
    spec.output = ProcessSpec::Output::capture;
    spec.timeout = std::chrono::minutes(5);
    spec.env_set = {{"NO_COLOR", "1"}, {"PATH", bin.string()}};
    ProcessResult result;
    std::string err;
    EXPECT_TRUE(run_process(spec, &result, &err)) << err;
    return {result.exit_code, result.out, result.err};
  }

  static std::unique_ptr<ScratchDir> suite_dir_;
  static fs::path project_;
};
std::unique_ptr<ScratchDir> TestCases::suite_dir_;
fs::path TestCases::project_;

// Two boots: `selected` passes, `verdicts` fails, and --fail-fast leaves z_after unbooted.
TEST_F(TestCases, EachCaseGetsItsVerdictAndFailFastStopsTheRest) {
  CliRun r = kbuild({"test", "-j", "1", "--fail-fast", "--junit", "out/ci/report.xml"}, project_);
  EXPECT_EQ(r.status, 1) << r.all();
  const std::string& out = r.out;
  // A case that ended has its time, as "(S.SSS s)", or "(<1 ms)" when it took less.
  auto timed = [&](const std::string& start) {
    std::string line = line_with(out, start);
    if (line == start + "<1 ms)") return true;
    return line.rfind(start, 0) == 0 && line.size() > start.size() + 4 &&
           line.compare(line.size() - 3, 3, " s)") == 0 && line[line.size() - 7] == '.';
  };
  EXPECT_TRUE(timed("test verdicts::passes ... ok (")) << out;
  EXPECT_TRUE(timed("test verdicts::fails ... FAILED (")) << out;
  EXPECT_TRUE(timed("test verdicts::panics_as_expected ... ok (")) << out;
  EXPECT_TRUE(timed("test verdicts::forgets_to_panic ... FAILED (")) << out;
  EXPECT_EQ(line_with(out, "test verdicts::faults ... ").rfind("test verdicts::faults ... FAILED", 0), 0u) << out;
  EXPECT_EQ(line_with(out, "test verdicts::never_reached ... "), "test verdicts::never_reached ... not run") << out;
  EXPECT_EQ(line_with(out, "test z_after ... "), "test z_after ... not run") << out;
  EXPECT_EQ(line_with(out, "kernel selected ... ").rfind("kernel selected ... ok (", 0), 0u) << out;
  EXPECT_EQ(last_line(out), "5 passed, 3 failed, 2 not run (3 test kernels)") << out;

  // Each failure explained under its own name: the assertion, the unmet panic, the fault.
  EXPECT_NE(out.find("---- verdicts::fails ----\ntests/verdicts.cpp:12: expected 2 + 2 == 5, got 4 and 5\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("---- verdicts::forgets_to_panic ----\nexpected a panic, but the case returned\n"),
            std::string::npos)
      << out;
  std::string fault = line_with(out, "the case did not finish: ");
  EXPECT_NE(fault.find("triple fault: #PF"), std::string::npos) << out;
  EXPECT_NE(fault.find("(in kbuild_test_body_faults()"), std::string::npos) << out;
  EXPECT_EQ(fault.find("the pool is empty"), std::string::npos) << "an expected panic is no reason\n" << out;
  EXPECT_EQ(file_text(project_ / "build/dev/tests/verdicts.serial.log").find("never printed"), std::string::npos);
  EXPECT_FALSE(fs::exists(project_ / "build/dev/tests/z_after.serial.log")) << "z_after booted";

  // The report's directory was made; a suite per kernel, a testcase per case with its own failure.
  std::string xml = file_text(project_ / "out/ci/report.xml");
  ASSERT_FALSE(xml.empty());
  EXPECT_NE(xml.find("<testsuites name=\"cases\" tests=\"10\" failures=\"3\" errors=\"0\" skipped=\"2\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"verdicts\" tests=\"6\" failures=\"3\" errors=\"0\" skipped=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"fails\" classname=\"verdicts\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"tests/verdicts.cpp:12: expected 2 + 2 == 5, got 4 and 5\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"expected a panic, but the case returned\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"z_after\" classname=\"z_after\" time=\"0.000\">\n"
                     "      <skipped message=\"not run: --fail-fast stopped at the first failure\"/>"),
            std::string::npos)
      << xml;
  // A case's output is its own: the fails case's, not the next one's.
  size_t fails = xml.find("<testcase name=\"fails\"");
  size_t next = xml.find("<testcase ", fails + 1);
  std::string fails_xml = xml.substr(fails, next - fails);
  EXPECT_NE(fails_xml.find("about to compare"), std::string::npos) << fails_xml;
  EXPECT_EQ(fails_xml.find("panics_as_expected"), std::string::npos) << fails_xml;
}

// Two boots: only the kernels with a selected case boot, and the kernel runs only those cases.
TEST_F(TestCases, AFilterReachesTheKernelWhichRunsOnlyThoseCases) {
  CliRun r = kbuild({"test", "selected::second", "z_after"}, project_);
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test selected::second ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test selected::second_again ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test z_after ... ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("test verdicts"), std::string::npos) << r.out;
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed (2 test kernels), 7 filtered out") << r.out;
  std::string serial = file_text(project_ / "build/dev/tests/selected.serial.log");
  EXPECT_NE(serial.find("running 2 tests"), std::string::npos) << serial;
  EXPECT_NE(serial.find("test second ... ran second"), std::string::npos) << serial;
  EXPECT_EQ(serial.find("ran first"), std::string::npos) << "the kernel ran a case left out\n" << serial;
}

// No boots: --list reads the cases from the ELFs, with a PATH in which there is no QEMU at all.
TEST_F(TestCases, ListShowsTheCasesWithoutQemu) {
  CliRun r = kbuild_without_qemu({"test", "--list"});
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_EQ(r.out,
            "selected::first: test\n"
            "selected::second: test\n"
            "selected::second_again: test\n"
            "verdicts::passes: test\n"
            "verdicts::fails: test\n"
            "verdicts::panics_as_expected: test, should panic\n"
            "verdicts::forgets_to_panic: test, should panic\n"
            "verdicts::faults: test\n"
            "verdicts::never_reached: test\n"
            "z_after: kernel\n"
            "\n10 tests in 3 test kernels\n")
      << r.all();
  // The same PATH really has no QEMU: a real run says so.
  CliRun boot = kbuild_without_qemu({"test", "z_after"});
  EXPECT_EQ(boot.status, 1) << boot.all();
  EXPECT_NE(boot.err.find("qemu-system-x86_64 not found in PATH"), std::string::npos) << boot.err;

  CliRun exact = kbuild_without_qemu({"test", "--list", "--exact", "selected::second"});
  EXPECT_EQ(exact.out, "selected::second: test\n\n1 test in 1 test kernel\n") << exact.all();
  CliRun skip = kbuild_without_qemu({"test", "--list", "selected", "--skip", "second"});
  EXPECT_EQ(skip.out, "selected::first: test\n\n1 test in 1 test kernel\n") << skip.all();
  CliRun exact_skip = kbuild_without_qemu({"test", "--list", "--exact", "--skip", "verdicts", "--skip", "z_after"});
  EXPECT_EQ(exact_skip.out.rfind("selected::first: test\n", 0), 0u) << exact_skip.all();
  EXPECT_NE(exact_skip.out.find("\n3 tests in 1 test kernel\n"), std::string::npos) << exact_skip.all();
}

}  // namespace
}  // namespace kbuild::test
