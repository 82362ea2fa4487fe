// kbuild's UEFI loader on OVMF: the entry state and the boot information, from the same test
// kernels as the BIOS tests. A UEFI boot costs seconds under TCG, so each boot checks much.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

TEST(UefiEntry, HigherHalfKernelBootsWithEntryState) {
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk(kBasicKernel, {}, "esp", &disk, &err)) << err;
  BootResult r = boot(disk, uefi_options());
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("kbuild boot:"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
