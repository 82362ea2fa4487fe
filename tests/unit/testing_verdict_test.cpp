// How a finished test kernel run is judged and explained.
#include <gtest/gtest.h>

#include "testing/test_verdict.h"

#include "image/elf_symbols.h"

namespace kbuild {
namespace {

ProcessResult exited(int code) {
  ProcessResult r;
  r.started = true;
  r.exit_code = code;
  r.seconds = 0.4;
  return r;
}

TestResult judge(const ProcessResult& qemu, std::string serial = "", std::string fault_log = "",
                 int success = 33) {
  TestEvidence evidence;
  evidence.qemu = qemu;
  evidence.serial = std::move(serial);
  evidence.fault_log = std::move(fault_log);
  evidence.success_code = success;
  TestResult result;
  judge_test_kernel(evidence, &result);
  return result;
}

constexpr const char* kTripleFaultLog = R"(check_exception old: 0xffffffff new 0xe
     0: v=0e e=0002 i=0 cpl=0 IP=0008:ffffffff80001234 pc=ffffffff80001234 SP=0010:ffffffff80207ff0 CR2=0000000000000000
check_exception old: 0xe new 0xd
check_exception old: 0x8 new 0xd
Triple fault
CPU Reset (CPU 0)
)";

TEST(TestVerdict, OnlyTheSuccessCodePasses) {
  EXPECT_EQ(judge(exited(33)).status, TestStatus::passed);
  EXPECT_EQ(judge(exited(33)).reason, "");
  EXPECT_EQ(judge(exited(33), "", "", 35).status, TestStatus::failed);
  EXPECT_EQ(judge(exited(35), "", "", 35).status, TestStatus::passed);
  EXPECT_EQ(judge(exited(1)).status, TestStatus::failed);
  EXPECT_EQ(judge(exited(0)).status, TestStatus::failed);
}

TEST(TestVerdict, ReportedFailureSaysSo) {
  TestResult r = judge(exited(35));
  EXPECT_EQ(r.status, TestStatus::failed);
  EXPECT_NE(r.reason.find("the kernel reported failure: exit status 35"), std::string::npos) << r.reason;
  TestResult other = judge(exited(7));
  EXPECT_NE(other.reason.find("exit status 7"), std::string::npos) << other.reason;
  EXPECT_NE(other.reason.find("0x3"), std::string::npos) << other.reason;
}

TEST(TestVerdict, ExitZeroIsATripleFaultOrAPowerOff) {
  TestResult fault = judge(exited(0), "about to fault\n", kTripleFaultLog);
  EXPECT_EQ(fault.status, TestStatus::failed);
  EXPECT_EQ(fault.reason.rfind("triple fault: #PF (page fault) at RIP 0xffffffff80001234", 0), 0u) << fault.reason;

  TestResult off = judge(exited(0), "bye\n", "check_exception old: 0xffffffff new 0xe\n");
  EXPECT_EQ(off.status, TestStatus::failed);
  EXPECT_NE(off.reason.find("powered off without reporting"), std::string::npos) << off.reason;
  EXPECT_EQ(off.reason.find("triple"), std::string::npos) << off.reason;
}

TEST(TestVerdict, PanicsAreNamed) {
  TestResult r = judge(exited(0), "booting\npanic: the frame allocator is empty\n");
  EXPECT_EQ(r.reason, "kernel panic: the frame allocator is empty");
  TestResult mid_line = judge(exited(0), "test x ... panic: oops\n");
  EXPECT_EQ(mid_line.reason, "kernel panic: oops");
  TestResult timed = judge([] {
    ProcessResult p = exited(0);
    p.timed_out = true;
    p.seconds = 3.02;
    return p;
  }(), "panic: stuck\n");
  EXPECT_EQ(timed.reason.rfind("kernel panic: stuck; then timed out after 3 s", 0), 0u) << timed.reason;
}

TEST(TestVerdict, TimeoutsAndSignalsFail) {
  ProcessResult timeout = exited(0);
  timeout.timed_out = true;
  timeout.seconds = 3.0;
  TestResult t = judge(timeout);
  EXPECT_EQ(t.status, TestStatus::failed);
  EXPECT_NE(t.reason.find("timed out after 3 s"), std::string::npos) << t.reason;

  ProcessResult killed;
  killed.started = true;
  killed.term_signal = 9;
  TestResult k = judge(killed);
  EXPECT_EQ(k.status, TestStatus::failed);
  EXPECT_NE(k.reason.find("killed by signal 9"), std::string::npos) << k.reason;

  ProcessResult missing;
  missing.start_error = "qemu-system-x86_64: command not found";
  EXPECT_EQ(judge(missing).status, TestStatus::failed);
  EXPECT_NE(judge(missing).reason.find("command not found"), std::string::npos);
}

TEST(TestVerdict, SerialIsNormalizedAndTailed) {
  EXPECT_EQ(normalize_serial("a\r\nb\rc\x1b[1m\xff\n"), "a\nb\nc?[1m?\n");
  EXPECT_EQ(find_panic("no panic here\n"), "");
  EXPECT_EQ(find_panic("panic: first\npanic: second\n"), "second");
  EXPECT_EQ(tail_lines("1\n2\n3\n", 2), "2\n3\n");
  EXPECT_EQ(tail_lines("1\n2\n3", 2), "2\n3\n");
  EXPECT_EQ(tail_lines("1\n2\n", 5), "1\n2\n");
  EXPECT_EQ(tail_lines("", 5), "");
}

TEST(TestVerdict, PanicCallerStaysAnAddressWithoutSymbols) {
  EXPECT_EQ(describe_panic("oops (called from 0xffffffff80101234)", nullptr), "oops (called from 0xffffffff80101234)");
  ElfSymbols none;
  EXPECT_EQ(describe_panic("oops (called from 0xffffffff80101234)", &none), "oops (called from 0xffffffff80101234)");
  EXPECT_EQ(describe_panic("no address here", &none), "no address here");
}

}  // namespace
}  // namespace kbuild
