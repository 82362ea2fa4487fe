// Priority 5: the firmware pieces the loader passes on: a VBE framebuffer and the ACPI RSDP.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

TEST(BootFirmware, FramebufferOf800x600x32) {
  ImageOptions options;
  options.framebuffer_width = 800;
  options.framebuffer_height = 600;
  options.framebuffer_bpp = 32;
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image({"framebuffer", "framebuffer.cpp", "higher_half.ld", {}}, options,
                          "fb.img", &image, &err))
      << err;
  BootOptions boot_options;
  boot_options.vga = true;  // -vga std: the video BIOS with VBE
  BootResult r = boot(image, boot_options);
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("FB OK"), std::string::npos) << r.serial;
}

TEST(BootFirmware, RsdpIsFound) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, {}, "rsdp.img",
                          &image, &err))
      << err;
  BootResult r = boot(image);
  ASSERT_EQ(r.exit_code, kPass) << r.serial;
  // basic.cpp checks the signature at a non-zero address; here: it was non-zero.
  EXPECT_NE(r.serial.find("RSDP 0x00000000000"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("RSDP 0x0000000000000000"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
