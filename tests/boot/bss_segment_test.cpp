// A kernel whose last PT_LOAD holds only .bss, starting inside a page (as a linker script with
// PHDRS easily makes): the image must boot and the .bss be there, zeroed.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

TEST(BootBss, ABssOnlyLastSegmentStartingInsideAPageIsLoadedAndZeroed) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image({"bss_last", "bss_last.cpp", "bss_last.ld", {}}, {}, "test.img", &image, &err)) << err;
  BootResult r = boot(image);
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("BSS OK\n"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
