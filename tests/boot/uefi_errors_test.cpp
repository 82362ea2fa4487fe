// The UEFI loader's error lines on OVMF: one line "kbuild boot: <why>" on COM1 (and ConOut,
// which OVMF also puts on the serial port), then the debug-exit port with
// KBUILD_EXIT_BOOT_FAILED: never a return to the firmware, never a hang until the timeout.
#include <gtest/gtest.h>

#include <kbuild/exit_codes.h>

#include <fstream>

#include "boot/boot_harness.h"
#include "boot_manifest.h"

namespace kbuild::boot_test {
namespace {

// The timeout only catches a loader that hangs instead of ending the run.
BootOptions failing(bool vga = false) {
  BootOptions options = uefi_options("128M", 30);
  options.vga = vga;
  return options;
}

void expect_boot_failure(const BootResult& r, const std::string& line) {
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find(line), std::string::npos) << r.serial;
}

TEST(UefiErrors, CorruptKernelGivesAnErrorLine) {
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk(kBasicKernel, {}, "esp", &disk, &err)) << err;
  // The kernel file's first bytes, where the manifest says they are (the same bytes the ESP's
  // KBUILD\KERNEL.ELF holds).
  kbuild_boot_manifest manifest;
  {
    std::ifstream in(disk, std::ios::binary);
    in.seekg(KBUILD_MANIFEST_LBA * KBUILD_SECTOR_SIZE);
    in.read(reinterpret_cast<char*>(&manifest), sizeof(manifest));
    ASSERT_TRUE(in.good());
  }
  patch_image(disk, manifest.kernel_lba * KBUILD_SECTOR_SIZE, "BAD!", 4);
  expect_boot_failure(boot(disk, failing()),
                      "kbuild boot: bad kernel: no ELF magic in \\KBUILD\\KERNEL.ELF\r\n");
}

TEST(UefiErrors, MissingKernelFileGivesAnErrorLine) {
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk(kBasicKernel, {}, "esp", &disk, &err)) << err;
  // mdel, from mtools, removes the file from the ESP (at LBA KBUILD_ESP_LBA) as a user would.
  std::string esp = disk.string() + "@@" + std::to_string(KBUILD_ESP_LBA * KBUILD_SECTOR_SIZE);
  ASSERT_TRUE(run_tool({"mdel", "-i", esp, "::/KBUILD/KERNEL.ELF"}, &err)) << err;
  expect_boot_failure(
      boot(disk, failing()),
      "kbuild boot: cannot open \\KBUILD\\KERNEL.ELF on the boot device: EFI_NOT_FOUND\r\n");
}

TEST(UefiErrors, MissingGopModeListsTheModesTheFirmwareHas) {
  ImageOptions options;
  options.framebuffer_width = 800;
  options.framebuffer_height = 600;
  options.framebuffer_bpp = 24;  // OVMF's GOP offers 32 bpp only
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk({"framebuffer", "framebuffer.cpp", "higher_half.ld", {}}, options,
                              "esp", &disk, &err))
      << err;
  BootResult r = boot(disk, failing(true));
  expect_boot_failure(r, "kbuild boot: no GOP mode 800x600x24: the firmware has ");
  EXPECT_NE(r.serial.find("800x600x32"), std::string::npos) << r.serial;
}

TEST(UefiErrors, SegmentWhereTheFirmwareKeepsMemoryGivesAnErrorLine) {
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk({"firmware_owned", "basic.cpp", "firmware_owned.ld", {}}, {}, "esp",
                              &disk, &err))
      << err;
  expect_boot_failure(boot(disk, failing()),
                      "kbuild boot: the kernel segment at 0x800000-");
}

}  // namespace
}  // namespace kbuild::boot_test
