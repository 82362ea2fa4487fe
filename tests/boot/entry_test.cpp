// Priority 1: kernels boot, higher half and low, with the documented entry state.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

const KernelSpec kLow = {"basic_low", "basic.cpp", "low.ld", {}};

TEST(BootEntry, HigherHalfKernelBootsWithEntryState) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, {}, "entry.img", &image, &err)) << err;
  BootResult r = boot(image);
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("kbuild boot:"), std::string::npos) << r.serial;
}

TEST(BootEntry, CpuWithoutNxBootsWithNxeClear) {
  const KernelSpec no_nx = {"basic_no_nx", "basic.cpp", "higher_half.ld", {"EXPECT_NO_NX"}};
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(no_nx, {}, "entry.img", &image, &err)) << err;
  BootOptions options;
  options.extra_args = {"-cpu", "qemu64,-nx"};
  BootResult r = boot(image, options);
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

TEST(BootEntry, LowIdentityMappedKernelBoots) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kLow, {}, "entry.img", &image, &err)) << err;
  BootResult r = boot(image);
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

TEST(BootEntry, KernelWrittenInCBoots) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(
      build_image({"c_kernel", "c_kernel.c", "higher_half.ld", {}}, {}, "c.img", &image, &err))
      << err;
  BootResult r = boot(image);
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_EQ(r.serial, "C KERNEL OK\n");
}

// Segments linked low are read from the disk straight to their home: only the headers' page is
// read into the file buffer, and a segment starting inside a sector arrives whole.
TEST(BootEntry, LowKernelSegmentsAreReadStraightToTheirHome) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image({"basic_low_unaligned", "basic.cpp", "low_unaligned.ld", {}}, {},
                          "entry.img", &image, &err))
      << err;
  BootResult r = boot(image);
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("\nFILE bytes=4096\n"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
