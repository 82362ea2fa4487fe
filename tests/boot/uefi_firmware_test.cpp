// The UEFI loader's firmware pieces on OVMF: the GOP mode asked for through the manifest.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

TEST(UefiFirmware, GopModeOf800x600x32) {
  ImageOptions options;
  options.framebuffer_width = 800;
  options.framebuffer_height = 600;
  options.framebuffer_bpp = 32;
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk({"framebuffer", "framebuffer.cpp", "higher_half.ld", {}}, options,
                              "esp", &disk, &err))
      << err;
  BootOptions boot_options = uefi_options();
  boot_options.vga = true;
  BootResult r = boot(disk, boot_options);
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("FB OK"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
