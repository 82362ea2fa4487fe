// The case protocol: what a test kernel prints about its cases, turned into a result per case,
// and which cases a filter selects.
#include <gtest/gtest.h>

#include <utility>

#include "config/test_kernels.h"
#include "testing/case_results.h"
#include "testing/test_cases.h"
#include "testing/test_selection.h"

namespace kbuild {
namespace {

TEST(TestCases, LinesGiveEachCaseItsEndingMessagesAndOutput) {
  std::vector<CaseReport> reports = parse_case_reports(
      "running 4 tests\n"
      "test adds ... ok [1200 cycles]\n"
      "test prints ... hello\n"
      "test prints ... ok [5 cycles]\n"
      "test compares ... FAILED\n"
      "  tests/a.cpp:8: expected 2 == 3, got 2 and 3\n"
      "  tests/a.cpp:9: expected x\n"
      "not indented\n"
      "test faults ... \n");
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].name, "adds");
  EXPECT_EQ(reports[0].ending, CaseEnding::ok);
  EXPECT_EQ(reports[0].cycles, 1200u);
  EXPECT_EQ(reports[1].name, "prints");  // reprinted after its output: still one case
  EXPECT_EQ(reports[1].ending, CaseEnding::ok);
  EXPECT_EQ(reports[2].ending, CaseEnding::failed);
  EXPECT_EQ(reports[2].details, "tests/a.cpp:8: expected 2 == 3, got 2 and 3\ntests/a.cpp:9: expected x\n");
  EXPECT_NE(reports[2].output.find("not indented"), std::string::npos);
  EXPECT_EQ(reports[3].name, "faults");
  EXPECT_EQ(reports[3].ending, CaseEnding::unfinished);
}

TEST(TestCases, OtherTextThatLooksLikeACaseIsNotOne) {
  EXPECT_TRUE(parse_case_reports("the test of it ... ok\ntest  ... ok\ntest a b ... ok\n").empty());
}

TestResult kernel(TestStatus status, std::string serial, std::string reason = "") {
  TestResult r;
  r.name = "mm";
  r.status = status;
  r.serial = std::move(serial);
  r.reason = std::move(reason);
  r.seconds = 0.5;
  return r;
}

TEST(TestCases, AFaultFailsTheRunningCaseAndTheRestAreNotRun) {
  std::vector<TestCase> declared = {{"first", false}, {"faults", false}, {"later", false}};
  std::vector<TestResult> results = case_results(
      kernel(TestStatus::failed, "test first ... ok\ntest faults ... ", "triple fault: #PF at RIP 0x1"), declared);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].name, "mm::first");
  EXPECT_EQ(results[0].kernel, "mm");
  EXPECT_EQ(results[0].test_case, "first");
  EXPECT_EQ(results[0].status, TestStatus::passed);
  EXPECT_EQ(results[1].status, TestStatus::failed);
  EXPECT_EQ(results[1].reason, "the case did not finish: triple fault: #PF at RIP 0x1");
  EXPECT_EQ(results[2].status, TestStatus::not_run);
  EXPECT_EQ(results[2].kernel_seconds, 0.5);
}

TEST(TestCases, AKernelFailingOutsideItsCasesIsReportedToo) {
  std::vector<TestCase> declared = {{"first", false}};
  std::vector<TestResult> results =
      case_results(kernel(TestStatus::failed, "test first ... ok\n", "powered off without reporting"), declared);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].name, "mm");
  EXPECT_EQ(results[1].status, TestStatus::failed);
  EXPECT_EQ(results[1].reason, "the test kernel failed outside its cases: powered off without reporting");
}

TEST(TestCases, AKernelWithoutCasesIsOneResult) {
  std::vector<TestResult> results = case_results(kernel(TestStatus::passed, "booted\n"), {});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].name, "mm");
  EXPECT_EQ(results[0].kernel, "mm");
  EXPECT_EQ(results[0].status, TestStatus::passed);
}

TEST(TestCases, FiltersMatchKernelAndCaseNames) {
  CaseFilter none;
  EXPECT_TRUE(case_selected(none, "mm", "large_alloc"));
  CaseFilter alloc{{"alloc"}, {}, false};
  EXPECT_TRUE(case_selected(alloc, "mm", "large_alloc"));
  EXPECT_TRUE(case_selected(alloc, "alloc", "maps"));
  EXPECT_FALSE(case_selected(alloc, "mm", "maps"));
  CaseFilter one{{"mm::large_alloc"}, {}, false};
  EXPECT_TRUE(case_selected(one, "mm", "large_alloc"));
  EXPECT_FALSE(case_selected(one, "mm", "small_alloc"));
  CaseFilter exact{{"mm::large"}, {}, true};
  EXPECT_FALSE(case_selected(exact, "mm", "large_alloc"));
  CaseFilter exact_kernel{{"mm"}, {}, true};
  EXPECT_TRUE(case_selected(exact_kernel, "mm", "large_alloc"));
  EXPECT_FALSE(case_selected(exact_kernel, "mmx", "large_alloc"));
  CaseFilter skip{{}, {"large"}, false};
  EXPECT_FALSE(case_selected(skip, "mm", "large_alloc"));
  EXPECT_TRUE(case_selected(skip, "mm", "small_alloc"));
  EXPECT_TRUE(case_selected(skip, "boots", ""));
}

TEST(TestCases, ExpectationsParseAndNameThemselves) {
  using Kind = TestExpectation::Kind;
  EXPECT_EQ(parse_test_expectation("panic")->kind, Kind::panic);
  EXPECT_EQ(parse_test_expectation("fault")->kind, Kind::fault);
  EXPECT_EQ(parse_test_expectation("timeout")->kind, Kind::timeout);
  EXPECT_EQ(parse_test_expectation("pass")->kind, Kind::pass);
  EXPECT_EQ(parse_test_expectation("exit:7")->exit_status, 7);
  EXPECT_EQ(describe_expectation(*parse_test_expectation("exit:7")), "exit status 7");
  for (const char* bad : {"exit:", "exit:256", "exit:-1", "exit:7x", "Panic", ""})
    EXPECT_FALSE(parse_test_expectation(bad).has_value()) << bad;
}

TEST(TestCases, AnExpectationMakesItsEndingThePass) {
  TestEvidence evidence;
  evidence.qemu.started = true;
  evidence.qemu.exit_code = 0;
  evidence.serial = "panic: out of frames (called from 0xffffffff80100010)\n";
  evidence.expect = *parse_test_expectation("panic");
  TestResult met;
  judge_test_kernel(evidence, &met);
  EXPECT_EQ(met.status, TestStatus::passed);
  EXPECT_EQ(met.note, "expected a kernel panic");

  evidence.serial = "";
  evidence.qemu.exit_code = 33;
  TestResult unmet;
  judge_test_kernel(evidence, &unmet);
  EXPECT_EQ(unmet.status, TestStatus::failed);
  EXPECT_EQ(unmet.reason, "expected a kernel panic (expect in its [test.NAME] table), but the kernel passed");

  evidence.expect = *parse_test_expectation("exit:7");
  evidence.qemu.exit_code = 7;
  TestResult seven;
  judge_test_kernel(evidence, &seven);
  EXPECT_EQ(seven.status, TestStatus::passed);
  evidence.qemu.timed_out = true;
  evidence.expect = *parse_test_expectation("timeout");
  TestResult hung;
  judge_test_kernel(evidence, &hung);
  EXPECT_EQ(hung.status, TestStatus::passed);
}

// An unmet `expect = "fault"` names the fault as the kernel's CPU calls it: "triple fault" is
// x86_64's word alone.
TEST(TestCases, AnExpectedFaultIsNamedForTheKernelsCpu) {
  TestEvidence evidence;
  evidence.qemu.started = true;
  evidence.qemu.exit_code = 33;
  evidence.expect = *parse_test_expectation("fault");
  const std::pair<Arch, const char*> names[] = {{Arch::x86_64, "a CPU fault (triple fault)"},
                                                {Arch::aarch64, "a CPU fault (synchronous exception)"},
                                                {Arch::riscv64, "a CPU fault (trap)"}};
  for (const auto& [arch, name] : names) {
    evidence.arch = arch;
    TestResult unmet;
    judge_test_kernel(evidence, &unmet);
    EXPECT_EQ(unmet.status, TestStatus::failed);
    EXPECT_EQ(unmet.reason, std::string("expected ") + name + " (expect in its [test.NAME] table), but the kernel passed");
  }
}

}  // namespace
}  // namespace kbuild
