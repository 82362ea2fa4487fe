// The UEFI loader's memory contract on OVMF: the map at 2 GiB and with RAM above 4 GiB, segment
// permissions, the stack's guard page, and a big kernel file with a big .bss.
#include <gtest/gtest.h>
#include <kbuild/boot.h>

#include <cstdio>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

BootResult build_and_boot(const KernelSpec& spec, const BootOptions& boot_options,
                          const ImageOptions& options = {}) {
  std::filesystem::path disk;
  std::string err;
  if (!build_uefi_disk(spec, options, "esp", &disk, &err)) {
    ADD_FAILURE() << err;
    return {};
  }
  return boot(disk, boot_options);
}

// With physical_memory_offset 0 the kernel reads all memory at its own address (basic.cpp reads
// its code, the boot information and the EFI system table through the offset).
TEST(UefiMemory, MemoryMapAddsUpWith2GAndOffsetZeroIdentityMapsAllMemory) {
  ImageOptions options;
  options.physical_memory_offset = 0;
  BootResult r = build_and_boot(kBasicKernel, uefi_options("2G"), options);
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  expect_uefi_map_adds_up(r.serial, uint64_t(2) << 30, 1 << 20);
}

// q35 puts the RAM beyond 2 GiB above 4 GiB: mapped through the offset, usable, and counted.
TEST(UefiMemory, MemoryAbove4GiBIsMappedWith6G) {
  BootResult r = build_and_boot(kBasicKernel, uefi_options("6G"));
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  expect_uefi_map_adds_up(r.serial, uint64_t(6) << 30, 1 << 20);
  EXPECT_NE(r.serial.find("HIGH MEMORY OK\n"), std::string::npos) << r.serial;
  uint64_t high_usable = 0;
  for (const MapEntry& e : parse_memory_map(r.serial)) {
    if (e.type == KBUILD_MEMORY_USABLE && e.base >= (uint64_t(4) << 30)) high_usable += e.length;
  }
  EXPECT_GE(high_usable, uint64_t(3) << 30) << r.serial;
}

TEST(UefiMemory, SixSegmentsKeepTheirPermissionsAndReadOnlyWritesFault) {
  BootResult r = build_and_boot({"segments_write", "segments.cpp", "segments.ld", {"MODE_WRITE_RO"}},
                                uefi_options());
  EXPECT_EQ(r.exit_code, kFaultCaught) << r.serial;
  EXPECT_NE(r.serial.find("SEGMENTS OK\nFAULT vector=14 error=0x0000000000000003"),
            std::string::npos)
      << r.serial;
}

TEST(UefiMemory, DeepStackWorksAndOverflowHitsTheGuardPage) {
  ImageOptions options;
  options.stack_size = 64 * 1024;
  BootResult r = build_and_boot({"stack_overflow", "stack.cpp", "higher_half.ld", {"MODE_OVERFLOW"}},
                                uefi_options(), options);
  EXPECT_EQ(r.exit_code, kFaultCaught) << r.serial;
  EXPECT_NE(r.serial.find("DEEP STACK OK"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("FAULT vector=14 "), std::string::npos) << r.serial;  // #PF, on IST1
  EXPECT_NE(r.serial.find("GUARD PAGE HIT"), std::string::npos) << r.serial;
}

TEST(UefiMemory, SixteenMiBOfDataArriveIntactAnd64MiBBssIsZero) {
  std::filesystem::path blob = work_dir() / "data_16m" / "blob.bin";
  uint64_t sum = write_random_file(blob, 16 << 20, 7);
  char sum_text[32];
  std::snprintf(sum_text, sizeof(sum_text), "0x%llxULL", static_cast<unsigned long long>(sum));
  KernelSpec spec = {"data_16m",
                     "data.cpp",
                     "higher_half.ld",
                     {"BLOB_PATH=\"" + blob.string() + "\"", "BLOB_SIZE=" + std::to_string(16 << 20),
                      std::string("BLOB_SUM=") + sum_text, "BSS_SIZE=" + std::to_string(64 << 20)}};
  BootResult r = build_and_boot(spec, uefi_options("256M"));
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("DATA OK\nBSS OK\n"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
