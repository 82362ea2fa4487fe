// Reading aarch64 synchronous exceptions from QEMU 7.2's -d int log (text as QEMU writes it).
#include <gtest/gtest.h>

#include "runner/fault_log.h"

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
  std::optional<std::string> text = explain_fault_log(kPermissionFault, nullptr);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "synchronous exception: Data Abort (data abort, permission fault, level 3, write, ESR 0x9600004f) "
            "at PC 0xffffffff80100004, address 0xffffffff80100000");
}

TEST(Aarch64FaultLog, AnUnmappedAccessInTheGuardPageIsAStackOverflow) {
  std::string log =
      "Taking exception 4 [Data Abort] on CPU 0\n...from EL1 to EL1\n...with ESR 0x25/0x96000047\n"
      "...with FAR 0xffffff0000000ff0\n...with ELR 0xffffffff80100618\n";
  std::optional<std::string> text = explain_fault_log(log, nullptr);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->rfind("stack overflow: synchronous exception: Data Abort (data abort, translation fault, level 3", 0), 0u) << *text;
}

TEST(Aarch64FaultLog, SemihostingAndPsciCallsAreNoFault) {
  EXPECT_FALSE(explain_fault_log("Taking exception 16 [Semihosting call] on CPU 0\n...handling as semihosting call 0x18\n"
                                 "Taking exception 11 [Hypervisor Call] on CPU 0\n...with ESR 0x16/0x5a000000\n",
                                 nullptr));
  std::optional<std::string> undefined = explain_fault_log(
      "Taking exception 1 [Undefined Instruction] on CPU 0\n...with ESR 0x0/0x2000000\n...with ELR 0xffffffff80100010\n",
      nullptr);
  ASSERT_TRUE(undefined);
  EXPECT_EQ(*undefined, "synchronous exception: Undefined Instruction (undefined instruction, ESR 0x2000000) at PC 0xffffffff80100010");
}

}  // namespace
}  // namespace kbuild
