// How an interactive or headless run is judged from what it left behind (qemu/outcome.h), and
// what the loader's failure line and QEMU's fault log are turned into.
#include <gtest/gtest.h>

#include <kbuild/exit_codes.h>

#include "qemu/fault_log.h"
#include "qemu/kernel_output.h"
#include "qemu/outcome.h"
#include "testing/test_verdict.h"

namespace kbuild {
namespace {

ProcessResult exited(int code) {
  ProcessResult r;
  r.started = true;
  r.exit_code = code;
  return r;
}

constexpr const char* kNullWriteLog = R"(check_exception old: 0xffffffff new 0xe
     0: v=0e e=0002 i=0 cpl=0 IP=0008:ffffffff80001234 pc=ffffffff80001234 SP=0010:ffffffff80207ff0 CR2=0000000000000000
check_exception old: 0xe new 0xd
Triple fault
)";

// A push into the page below the stack: CR2 is just under RSP.
constexpr const char* kStackOverflowLog = R"(check_exception old: 0xffffffff new 0xe
     0: v=0e e=0002 i=0 cpl=0 IP=0008:ffffffff80001010 pc=ffffffff80001010 SP=0010:ffff80000fe00000 CR2=ffff80000fdffff8
check_exception old: 0xe new 0xe
check_exception old: 0x8 new 0xe
Triple fault
)";

TEST(RunOutcome, PowerOffIsSuccess) {
  RunEvidence ev;
  ev.qemu = exited(0);
  ev.powered_off = true;
  Outcome o = judge_run(ev);
  EXPECT_TRUE(o.passed);
  EXPECT_EQ(o.exit_status, 0);
  EXPECT_EQ(o.reason, "the kernel powered off");
}

TEST(RunOutcome, LoaderFailureQuotesItsLineWithAHint) {
  RunEvidence ev;
  ev.qemu = exited(KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED));
  ev.serial = "SeaBIOS\nkbuild boot: not enough memory: no free block of 65536 KiB below 0x100000000\n";
  Outcome o = judge_run(ev);
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.exit_status, 1);
  EXPECT_EQ(o.reason,
            "boot failed: not enough memory: no free block of 65536 KiB below 0x100000000; raise [run] memory in "
            "kernel.toml, or make the kernel (.bss) or its stack smaller");
  ev.serial = "";
  EXPECT_NE(judge_run(ev).reason.find("printed no `kbuild boot: ` line"), std::string::npos);
}

TEST(RunOutcome, LoaderLinesGetAHintUnlessTheySayWhatToDo) {
  EXPECT_EQ(boot_failure_hint("not enough memory for the kernel's .bss"),
            "raise [run] memory in kernel.toml, or make the kernel (.bss) or its stack smaller");
  // The kernel rules' lines carry their own advice.
  EXPECT_EQ(boot_failure_hint("bad kernel: the PT_LOAD segment at 0x201000 shares a page with the "
                              "one at 0x200000: put each PT_LOAD on its own page (`. = "
                              "ALIGN(0x1000)` in the linker script)"),
            "");
  EXPECT_EQ(boot_failure_hint("something new"), "");
  EXPECT_EQ(find_boot_failure("a\r\nkbuild boot: bad boot manifest at LBA 34\r\n"), "bad boot manifest at LBA 34");
  EXPECT_FALSE(find_boot_failure("all fine\n"));
}

TEST(RunOutcome, ResetUnderNoRebootIsATripleFault) {
  RunEvidence ev;
  ev.qemu = exited(0);
  ev.reset = true;
  ev.fault_log = kNullWriteLog;
  Outcome o = judge_run(ev);
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.exit_status, 1);
  EXPECT_EQ(o.reason.rfind("triple fault: #PF (page fault) at RIP 0xffffffff80001234", 0), 0u) << o.reason;
  // Without -action shutdown=pause QEMU exits 0 instead; the log still tells.
  ev.reset = false;
  EXPECT_EQ(judge_run(ev).exit_status, 1);
  ev.fault_log = "";
  ev.reset = true;
  EXPECT_EQ(judge_run(ev).exit_status, 1);
}

TEST(RunOutcome, PanicIsAFailureEvenAfterAPowerOff) {
  RunEvidence ev;
  ev.qemu = exited(0);
  ev.powered_off = true;
  ev.serial = "booting\npanic: out of frames (called from 0xffffffff80101234)\n";
  Outcome o = judge_run(ev);
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.exit_status, 1);
  EXPECT_EQ(o.reason, "kernel panic: out of frames (called from 0xffffffff80101234)");
}

TEST(RunOutcome, TimeoutDebugExitAndSignals) {
  RunEvidence ev;
  ev.qemu = exited(0);
  ev.timed_out = true;
  ev.timeout_seconds = 3;
  EXPECT_EQ(judge_run(ev).exit_status, 124);
  EXPECT_EQ(judge_run(ev).reason, "stopped after the 3 s timeout");
  ev = RunEvidence{};
  ev.qemu = exited(0x43);
  EXPECT_EQ(judge_run(ev).exit_status, 0x43);
  EXPECT_NE(judge_run(ev).reason.find("0x21"), std::string::npos);
  ev.qemu = exited(1);
  EXPECT_EQ(judge_run(ev).exit_status, 1);
  EXPECT_EQ(judge_run(ev).reason, "QEMU failed with exit status 1");
  ev.qemu = ProcessResult{};
  ev.qemu.started = true;
  ev.qemu.term_signal = 9;
  EXPECT_EQ(judge_run(ev).exit_status, 137);
}

TEST(FaultLog, StackOverflowIsTheGuardPageBelowRsp) {
  auto report = parse_fault_log(kStackOverflowLog);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->rsp, 0xffff80000fe00000u);
  EXPECT_TRUE(report->stack_overflow());
  EXPECT_EQ(describe_fault(*report, nullptr),
            "stack overflow: #PF (page fault) at RIP 0xffffffff80001010 hit the stack's guard page (address "
            "0xffff80000fdffff8, RSP 0xffff80000fe00000), then a triple fault; raise [bootloader] stack-size in "
            "kernel.toml (default 128K) or use less stack (deep recursion, large locals)");
  auto null_write = parse_fault_log(kNullWriteLog);
  ASSERT_TRUE(null_write);
  EXPECT_FALSE(null_write->stack_overflow());
}

TEST(TestVerdict, LoaderFailureFailsTheTestWithTheLoadersLine) {
  TestEvidence evidence;
  evidence.qemu = exited(KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED));
  evidence.serial = "kbuild boot: this CPU has no 64-bit long mode\n";
  TestResult result;
  judge_test_kernel(evidence, &result);
  EXPECT_EQ(result.status, TestStatus::failed);
  EXPECT_EQ(result.reason.rfind("boot failed: this CPU has no 64-bit long mode; boot on an x86_64 CPU", 0), 0u)
      << result.reason;
}

TEST(TestVerdict, StackOverflowIsNamed) {
  TestEvidence evidence;
  evidence.qemu = exited(0);
  evidence.fault_log = kStackOverflowLog;
  TestResult result;
  judge_test_kernel(evidence, &result);
  EXPECT_EQ(result.reason.rfind("stack overflow: ", 0), 0u) << result.reason;
}

}  // namespace
}  // namespace kbuild

namespace kbuild {
namespace {

// QEMU's status is read in one place; both judges agree on what each status means.
TEST(QemuEnd, EachStatusHasOneMeaning) {
  EXPECT_EQ(read_qemu_end(exited(33), 33), QemuEnd::success);
  EXPECT_EQ(read_qemu_end(exited(33)), QemuEnd::debug_exit);
  EXPECT_EQ(read_qemu_end(exited(kBootFailedStatus), 33), QemuEnd::boot_failed);
  EXPECT_EQ(read_qemu_end(exited(0), 33), QemuEnd::exit_zero);
  EXPECT_EQ(read_qemu_end(exited(35), 33), QemuEnd::debug_exit);
  EXPECT_EQ(read_qemu_end(exited(1), 33), QemuEnd::qemu_failed);
  EXPECT_EQ(read_qemu_end(exited(2), 33), QemuEnd::qemu_failed);
  ProcessResult killed = exited(-1);
  killed.term_signal = 9;
  EXPECT_EQ(read_qemu_end(killed, 33), QemuEnd::killed);
  ProcessResult late = exited(-1);
  late.timed_out = true;
  late.term_signal = 15;
  EXPECT_EQ(read_qemu_end(late, 33), QemuEnd::timed_out);
  EXPECT_EQ(read_qemu_end(ProcessResult{}, 33), QemuEnd::not_started);
}

// Status 1 is QEMU's own failure (a bad option, a missing file), in a test run as in a plain run:
// the debug-exit port never produces it for a kernel that reports through it.
TEST(QemuEnd, StatusOneIsQemuFailingInBothJudges) {
  Outcome test = judge_test_run(exited(1), 33, Arch::x86_64);
  EXPECT_FALSE(test.passed);
  EXPECT_EQ(test.reason, "QEMU failed with exit status 1");
  RunEvidence ev;
  ev.qemu = exited(1);
  EXPECT_EQ(judge_run(ev).reason, "QEMU failed with exit status 1");
}

}  // namespace
}  // namespace kbuild
