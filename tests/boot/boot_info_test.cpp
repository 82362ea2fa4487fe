// Priority 2: the boot information. The memory map must add up to the RAM QEMU was given:
// usable + kbuild-owned bytes (kernel, stack, page tables, bootloader, boot info) equal the
// RAM size minus what the firmware keeps, which on QEMU/SeaBIOS is the legacy hole
// 0x9f000-0x100000 (EBDA, VGA, ROMs) and a reservation at the top of low RAM; we allow
// at most 1 MiB for both together. The kernel checks order, overlap and the kbuild kinds.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {


bool parse_total(const std::string& serial, uint64_t* usable, uint64_t* owned) {
  size_t at = serial.find("TOTAL usable=");
  return at != std::string::npos &&
         std::sscanf(serial.c_str() + at, "TOTAL usable=%" SCNu64 " owned=%" SCNu64, usable,
                     owned) == 2;
}

void expect_memory_adds_up(const std::string& memory, uint64_t ram) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, {}, "memory.img", &image, &err)) << err;
  BootResult r = boot(image, BootOptions(memory));
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  uint64_t usable = 0, owned = 0;
  ASSERT_TRUE(parse_total(r.serial, &usable, &owned)) << r.serial;
  EXPECT_LE(usable + owned, ram) << r.serial;
  EXPECT_GE(usable + owned, ram - (1 << 20)) << r.serial;
  EXPECT_GT(owned, 0u);
}

TEST(BootInfo, MemoryMapAddsUpWith128M) { expect_memory_adds_up("128M", uint64_t(128) << 20); }

TEST(BootInfo, MemoryMapAddsUpWith2G) { expect_memory_adds_up("2G", uint64_t(2) << 30); }

TEST(BootInfo, CommandLineArrives) {
  ImageOptions options;
  options.cmdline = "console=ttyS0 kbuild-test=1 \"quoted words\"";
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, options, "cmdline.img", &image, &err)) << err;
  BootResult r = boot(image);
  ASSERT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("CMDLINE [" + options.cmdline + "]\n"), std::string::npos) << r.serial;
}

TEST(BootInfo, ZeroPhysicalMemoryOffsetIdentityMapsAllMemory) {
  ImageOptions options;
  options.physical_memory_offset = 0;
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, options, "offset0.img", &image, &err)) << err;
  BootResult r = boot(image);
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
