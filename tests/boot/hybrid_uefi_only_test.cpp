// A boot = "uefi" image has no BIOS stages; booted by a BIOS anyway, its protective MBR says so
// in one line and ends the run at once, like the loader when it gives up.
#include <gtest/gtest.h>

#include <kbuild/exit_codes.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

TEST(HybridUefiOnly, BiosBootSaysTheDiskIsForUefi) {
  ImageOptions options;
  options.boot = BootMode::uefi;
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, options, "uefi.img", &image, &err)) << err;
  BootResult r = boot(image, BootOptions("128M", 10));
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: this disk boots on UEFI only ([target] boot = \"uefi\")\r\n"),
            std::string::npos)
      << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
