// riscv64 direct boot: the entry state <kbuild/boot.h> promises, seen from the kernel.
#include <gtest/gtest.h>

#include <kbuild/boot.h>

#include "boot/boot_harness.h"
#include "boot/riscv64_harness.h"

namespace kbuild::boot_test {
namespace {

bool has(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(Riscv64Entry, SupervisorModeSv39InterruptsOffAndTheStack) {
  Riscv64Boot r = boot_riscv64_probe("entry");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_TRUE(has(r.serial, "ENTRY magic_ok=true version=" + std::to_string(KBUILD_BOOT_VERSION) +
                                " size=" + std::to_string(sizeof(kbuild_boot_info)) + "\n"))
      << r.serial;
  // satp reads in S-mode only: reading it at all proves the mode; 8 is Sv39.
  EXPECT_TRUE(has(r.serial, "ENTRY satp_mode=8 sie=0 sie_csr=0\n")) << r.serial;
  EXPECT_TRUE(has(r.serial, "ENTRY stack_top_aligned=true on_stack=true stack_size=131072\n")) << r.serial;
  EXPECT_TRUE(has(r.serial, "ENTRY info_in_map=true firmware=0 offset=0xffffffc000000000\n")) << r.serial;
}

TEST(Riscv64Entry, DeviceTreeAndHartId) {
  Riscv64Boot r = boot_riscv64_probe("dtb");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_TRUE(has(r.serial, "DTB magic=0xd00dfeed hart=0\n")) << r.serial;
}

TEST(Riscv64Entry, CommandLineArrives) {
  Riscv64Boot r = boot_riscv64_probe("cmdline console=hvc0 \"two words\"");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_TRUE(has(r.serial, "CMDLINE [cmdline console=hvc0 \"two words\"]\n")) << r.serial;
}

TEST(Riscv64Entry, ExitCodesBecomeQemuStatuses) {
  for (unsigned code : {0x11u, 0x20u}) {
    Riscv64Boot r = boot_riscv64_probe("exit " + std::to_string(code));
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.exit_code, static_cast<int>((code << 1) | 1)) << r.serial;
  }
}

TEST(Riscv64Entry, PanicPrintsAndHaltEndsTheRun) {
  Riscv64Boot r = boot_riscv64_probe("panic");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.exit_code, 0) << r.serial;  // kbuild_halt: sifive_test "pass", as x86's power-off
  EXPECT_TRUE(has(r.serial, "panic: probe panic (called from 0x")) << r.serial;
}

TEST(Riscv64Entry, BigKernelArrivesIntact) {
  Riscv64Boot r = boot_riscv64_probe("entry", "128M", true);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_TRUE(has(r.serial, "BIG bytes=16777232 ends_ok=true\n")) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
