// kbuild's UEFI loader on OVMF: the entry state and the boot information, from the same test
// kernels as the BIOS tests. A UEFI boot costs seconds under TCG, so each boot checks much:
// kernels/basic.cpp checks the entry state, the map's order and kbuild kinds, the firmware
// fields, the RSDP signature and the command line's NUL; the host checks what it printed.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

TEST(UefiEntry, HigherHalfKernelGetsTheContract) {
  ImageOptions options;
  options.cmdline = "console=ttyS0 kbuild-test=uefi \"quoted words\"";
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk(kBasicKernel, options, "esp", &disk, &err)) << err;
  BootOptions boot_options = uefi_options();
  boot_options.vga = true;  // a GOP, whose current mode is reported without a request
  BootResult r = boot(disk, boot_options);
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("kbuild boot:"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("FIRMWARE uefi\n"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("CMDLINE [" + options.cmdline + "]\n"), std::string::npos) << r.serial;
  // The RSDP from the configuration table (basic.cpp checked its signature).
  EXPECT_NE(r.serial.find("RSDP 0x00000000"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("RSDP 0x0000000000000000"), std::string::npos) << r.serial;
  // No VGA text mode under UEFI: the firmware's current GOP mode.
  EXPECT_EQ(r.serial.find("FRAMEBUFFER 0x0000000000000000"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("FRAMEBUFFER 0x"), std::string::npos) << r.serial;
  expect_uefi_map_adds_up(r.serial, uint64_t(128) << 20, 1 << 20);
}

TEST(UefiEntry, LowKernelIsPlacedAtPhysicalEqualsVirtual) {
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk({"basic_low_unaligned", "basic.cpp", "low_unaligned.ld", {}}, {},
                              "esp", &disk, &err))
      << err;
  BootResult r = boot(disk, uefi_options());
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
  // Read straight to their homes, not into the file buffer (one page of headers).
  EXPECT_NE(r.serial.find("\nFILE bytes=4096\n"), std::string::npos) << r.serial;
  // No display device: no GOP, so no framebuffer.
  EXPECT_NE(r.serial.find("FRAMEBUFFER 0x0000000000000000"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
