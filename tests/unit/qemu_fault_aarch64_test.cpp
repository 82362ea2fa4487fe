// Reading aarch64 synchronous exceptions from QEMU 7.2's -d int log (text as QEMU writes it).
#include <gtest/gtest.h>

#include "qemu/fault_log.h"

namespace kbuild {
namespace {

constexpr const char* kPermissionFault =
    "Taking exception 4 [Data Abort] on CPU 0\n"
    "...from EL1 to EL1\n"
    "...with ESR 0x25/0x9600004f\n"
    "...with FAR 0xffffffff80100000\n"
    "...with ELR 0xffffffff80100004\n"
    "...to EL1 PC 0xffffff0000022200 PSTATE 0x3c5\n"
    "Taking exception 16 [Semihosting call] on CPU 0\n"
    "...from EL1 to EL1\n"
    "...handling as semihosting call 0x18\n";

TEST(Aarch64FaultLog, ADataAbortNamesClassStatusPcAndAddress) {
  std::optional<std::string> text = explain_fault_log(Arch::aarch64, kPermissionFault, nullptr);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "synchronous exception: Data Abort (data abort, permission fault, level 3, write, ESR 0x9600004f) "
            "at PC 0xffffffff80100004, address 0xffffffff80100000");
}

TEST(Aarch64FaultLog, AnUnmappedAccessInTheGuardPageIsAStackOverflow) {
  std::string log =
      "Taking exception 4 [Data Abort] on CPU 0\n...from EL1 to EL1\n...with ESR 0x25/0x96000047\n"
      "...with FAR 0xffffff0000000ff0\n...with ELR 0xffffffff80100618\n";
  std::optional<std::string> text = explain_fault_log(Arch::aarch64, log, nullptr);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->rfind("stack overflow: synchronous exception: Data Abort (data abort, translation fault, level 3", 0), 0u) << *text;
}

TEST(Aarch64FaultLog, SemihostingAndPsciCallsAreNoFault) {
  EXPECT_FALSE(explain_fault_log(Arch::aarch64, "Taking exception 16 [Semihosting call] on CPU 0\n...handling as semihosting call 0x18\n"
                                 "Taking exception 11 [Hypervisor Call] on CPU 0\n...with ESR 0x16/0x5a000000\n",
                                 nullptr));
  std::optional<std::string> undefined = explain_fault_log(
      Arch::aarch64, "Taking exception 1 [Undefined Instruction] on CPU 0\n...with ESR 0x0/0x2000000\n...with ELR 0xffffffff80100010\n",
      nullptr);
  ASSERT_TRUE(undefined);
  EXPECT_EQ(*undefined, "synchronous exception: Undefined Instruction (undefined instruction, ESR 0x2000000) at PC 0xffffffff80100010");
}

// A kernel with vectors of its own: the BRK it handled (and returned from) is no fault.
constexpr const char* kHandledBrk =
    "Taking exception 7 [Breakpoint] on CPU 0\n"
    "...from EL1 to EL1\n"
    "...with ESR 0x3c/0xf2000001\n"
    "...with ELR 0xffffffff80100020\n"
    "...to EL1 PC 0xffffffff80101000 PSTATE 0x3c5\n"
    "Exception return from AArch64 EL1 to AArch64 EL1 PC 0xffffffff80100024\n";

TEST(Aarch64FaultLog, TheExceptionThatEndedTheRunIsNamedNotAnEarlierHandledOne) {
  std::string log = std::string(kHandledBrk) + kPermissionFault;
  std::optional<std::string> text = explain_fault_log(Arch::aarch64, log, nullptr);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->rfind("synchronous exception: Data Abort (data abort, permission fault", 0), 0u) << *text;
}

TEST(Aarch64FaultLog, AHandledExceptionThenACleanEndIsNoFault) {
  // Then a PSCI power-off (kbuild_halt), or kbuild_exit's semihosting call.
  std::string off = std::string(kHandledBrk) +
                    "Taking exception 11 [Hypervisor Call] on CPU 0\n...from EL1 to EL1\n"
                    "...with ESR 0x16/0x5a000000\n...handled as PSCI call\n";
  EXPECT_FALSE(explain_fault_log(Arch::aarch64, off, nullptr)) << off;
  std::string exit = std::string(kHandledBrk) +
                     "Taking exception 16 [Semihosting call] on CPU 0\n...from EL1 to EL1\n"
                     "...handling as semihosting call 0x18\n";
  EXPECT_FALSE(explain_fault_log(Arch::aarch64, exit, nullptr)) << exit;
}

// The parser is the architecture's, not guessed from the text.
TEST(Aarch64FaultLog, OnlyTheKernelsArchitectureReadsTheLog) {
  EXPECT_FALSE(explain_fault_log(Arch::x86_64, kPermissionFault, nullptr));
  EXPECT_FALSE(explain_fault_log(Arch::riscv64, kPermissionFault, nullptr));
}

}  // namespace
}  // namespace kbuild
