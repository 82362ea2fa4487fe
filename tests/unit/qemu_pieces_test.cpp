#include <gtest/gtest.h>

#include "core/process.h"
#include "qemu/fault_log.h"
#include "qemu/outcome.h"
#include "qemu/vga_text.h"

namespace kbuild {
namespace {

std::vector<uint8_t> screen_with(const std::vector<std::pair<int, std::string>>& rows, uint8_t attr) {
  std::vector<uint8_t> cells(kVgaTextBytes);
  for (size_t i = 0; i < cells.size(); i += 2) {
    cells[i] = ' ';
    cells[i + 1] = 0x07;
  }
  for (const auto& [row, text] : rows)
    for (size_t col = 0; col < text.size(); ++col) {
      cells[(row * kVgaColumns + col) * 2] = static_cast<uint8_t>(text[col]);
      cells[(row * kVgaColumns + col) * 2 + 1] = attr;
    }
  return cells;
}

TEST(VgaText, PlainTextDropsTrailingBlanks) {
  auto cells = screen_with({{0, "Hello, world!"}, {2, "  kernel hello"}}, 0x0a);
  EXPECT_EQ(render_vga_text(cells, false), "Hello, world!\n\n  kernel hello\n");
}

TEST(VgaText, EmptyScreenIsEmpty) {
  EXPECT_EQ(render_vga_text(screen_with({}, 7), false), "");
}

TEST(VgaText, ColorsFollowTheAttributeByte) {
  auto cells = screen_with({{0, "Hi"}}, 0x1e);  // bright yellow on blue
  std::string out = render_vga_text(cells, true);
  EXPECT_NE(out.find("\x1b[0;1;33;44mHi"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[0m"), std::string::npos);
}

TEST(VgaText, Cp437GlyphsBecomeUtf8) {
  auto cells = screen_with({{0, "\xc9\xcd\xbb"}}, 7);
  EXPECT_EQ(render_vga_text(cells, false), "╔═╗\n");
}

ProcessResult exited(int code) {
  ProcessResult r;
  r.started = true;
  r.exit_code = code;
  return r;
}

TEST(Outcome, OnlyTheSuccessCodePasses) {
  EXPECT_TRUE(judge_test_run(exited(33), 33, Arch::x86_64).passed);
  EXPECT_EQ(judge_test_run(exited(33), 33, Arch::x86_64).exit_status, 0);
  Outcome zero = judge_test_run(exited(0), 33, Arch::x86_64);
  EXPECT_FALSE(zero.passed);
  EXPECT_NE(zero.reason.find("ended in a triple fault"), std::string::npos) << zero.reason;
  Outcome other = judge_test_run(exited(35), 33, Arch::x86_64);
  EXPECT_FALSE(other.passed);
  EXPECT_NE(other.reason.find("0x11"), std::string::npos) << other.reason;
  EXPECT_EQ(other.exit_status, 35);
}

// A status 0 stands for the CPU fault of the kernel's own architecture: no "triple fault" off x86.
TEST(Outcome, StatusZeroNamesTheFaultOfTheKernelsCpu) {
  std::string arm = judge_test_run(exited(0), 33, Arch::aarch64).reason;
  EXPECT_NE(arm.find("ended in a synchronous exception"), std::string::npos) << arm;
  std::string rv = judge_test_run(exited(0), 33, Arch::riscv64).reason;
  EXPECT_NE(rv.find("ended in a trap"), std::string::npos) << rv;
  for (const std::string& reason : {arm, rv}) EXPECT_EQ(reason.find("triple"), std::string::npos) << reason;
  RunEvidence ev;
  ev.qemu = exited(0);
  ev.reset = true;
  ev.arch = Arch::riscv64;
  EXPECT_EQ(judge_run(ev).reason, "the machine reset (a trap?); QEMU's log shows no exception chain");
  ev.arch = Arch::x86_64;
  EXPECT_EQ(judge_run(ev).reason, "the machine reset (a triple fault?); QEMU's log shows no exception chain");
  ProcessResult timeout = exited(-1);
  timeout.timed_out = true;
  timeout.seconds = 5;
  EXPECT_NE(judge_test_run(timeout, 33, Arch::x86_64).reason.find("timed out after 5 s"), std::string::npos);
  timeout.timeout_seconds = 3;  // the limit; stopping QEMU took longer on a loaded machine
  timeout.seconds = 7.4;
  EXPECT_NE(judge_test_run(timeout, 33, Arch::x86_64).reason.find("timed out after 3 s"), std::string::npos)
      << judge_test_run(timeout, 33, Arch::x86_64).reason;
  ProcessResult killed = exited(-1);
  killed.term_signal = 9;
  EXPECT_FALSE(judge_test_run(killed, 33, Arch::x86_64).passed);
  EXPECT_EQ(judge_test_run(killed, 33, Arch::x86_64).exit_status, 137);
  ProcessResult missing;
  missing.start_error = "qemu-system-x86_64: command not found";
  EXPECT_NE(judge_test_run(missing, 33, Arch::x86_64).reason.find("did not start"), std::string::npos);
}

// The shape of QEMU 7.2's `-d int,cpu_reset` output for a page fault with no handler.
constexpr const char* kPageFaultLog = R"(check_exception old: 0xffffffff new 0xe
     0: v=0e e=0002 i=0 cpl=0 IP=0008:ffffffff80001234 pc=ffffffff80001234 SP=0010:ffffffff80207ff0 CR2=0000000000000000
RAX=0000000000000000 RBX=0000000000000000 RCX=0000000000000000 RDX=0000000000000000
RIP=ffffffff80001234 RFL=00000046 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=0
check_exception old: 0xe new 0xd
     1: v=08 e=0000 i=0 cpl=0 IP=0008:ffffffff80001234 pc=ffffffff80001234 SP=0010:ffffffff80207ff0 env->regs[R_EAX]=0000000000000000
check_exception old: 0x8 new 0xd
Triple fault
CPU Reset (CPU 0)
)";

TEST(FaultLog, FindsTheExceptionThatStartedTheChain) {
  auto report = parse_fault_log(kPageFaultLog);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->vector, 14);
  ASSERT_TRUE(report->rip);
  EXPECT_EQ(*report->rip, 0xffffffff80001234u);
  EXPECT_EQ(*report->cr2, 0u);
  EXPECT_EQ(describe_fault(*report, nullptr),
            "triple fault: #PF (page fault) at RIP 0xffffffff80001234, address 0x0, error 0x2 (write, "
            "not present)");
}

// QEMU 7.2's riscv64 -d int lines: OpenSBI's own traps first, then the kernel's store to its
// text, then the loader stub's fetch from sp that records the stack pointer.
constexpr const char* kRiscvLog =
    "riscv_cpu_do_interrupt: hart:0, async:0, cause:0000000000000002, epc:0x0000000080008da4, "
    "tval:0x00000000da002573, desc=illegal_instruction\n"
    "riscv_cpu_do_interrupt: hart:0, async:0, cause:000000000000000f, epc:0xffffffff80000022, "
    "tval:0xffffffff80000018, desc=store_page_fault\n"
    "riscv_cpu_do_interrupt: hart:0, async:0, cause:000000000000000c, epc:0xffffffff4001fff0, "
    "tval:0xffffffff4001fff0, desc=exec_page_fault\n";

TEST(FaultLog, Riscv64TrapBeforeTheStubsMarker) {
  EXPECT_FALSE(parse_fault_log(kRiscvLog).has_value());  // no triple fault: riscv64 has its own parser
  EXPECT_EQ(explain_fault_log(Arch::riscv64, kRiscvLog, nullptr),
            "store/AMO page fault at PC 0xffffffff80000022, address 0xffffffff80000018 (scause 15, no trap "
            "handler: the machine was reset)");
}

TEST(FaultLog, Riscv64StackOverflowIsNamed) {
  std::string log =
      "riscv_cpu_do_interrupt: hart:0, async:0, cause:000000000000000f, epc:0xffffffff8000056e, "
      "tval:0xffffffff40000ff8, desc=store_page_fault\n"
      "riscv_cpu_do_interrupt: hart:0, async:0, cause:000000000000000c, epc:0xffffffff40000ff0, "
      "tval:0xffffffff40000ff0, desc=exec_page_fault\n";
  std::optional<std::string> text = explain_fault_log(Arch::riscv64, log, nullptr);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->rfind("stack overflow: store/AMO page fault at PC 0xffffffff8000056e hit the stack's guard page "
                        "(address 0xffffffff40000ff8, SP 0xffffffff40000ff0)", 0),
            0u)
      << *text;
}

TEST(FaultLog, Riscv64TrapsWithoutTheMarkerAreNoReport) {
  // OpenSBI's own illegal-instruction probes, and a trap the kernel handled itself.
  std::string log(kRiscvLog);
  log = log.substr(0, log.rfind("riscv_cpu_do_interrupt"));
  EXPECT_FALSE(explain_fault_log(Arch::riscv64, log, nullptr).has_value());
  EXPECT_EQ(riscv_cause_name(13), "load page fault");
  EXPECT_EQ(riscv_cause_name(0x18), "cause 0x18");
}

TEST(FaultLog, NoTripleFaultNoReport) {
  EXPECT_FALSE(parse_fault_log("Servicing hardware INT=0x08\n"));
  EXPECT_FALSE(parse_fault_log(""));
}

TEST(FaultLog, RealModeChainWithoutDeliveryLines) {
  auto report = parse_fault_log(
      "check_exception old: 0xffffffff new 0xd\ncheck_exception old: 0xd new 0xd\n"
      "check_exception old: 0x8 new 0xd\nTriple fault\n");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->vector, 13);
  EXPECT_FALSE(report->rip);
  EXPECT_EQ(describe_fault(*report, nullptr), "triple fault: #GP (general protection fault)");
}

}  // namespace
}  // namespace kbuild
