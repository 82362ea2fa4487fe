// Hybrid images through the BIOS path: SeaBIOS on `pc` and on `q35` runs stage 1 from the
// protective MBR, stage 2 from the BIOS boot partition, and the loader reads the kernel by LBA
// from KERNEL.ELF's contiguous clusters in the EFI system partition.
#include <gtest/gtest.h>

#include <cstdio>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

ImageOptions hybrid() {
  ImageOptions options;
  options.boot = BootMode::hybrid;
  return options;
}

BootOptions on_machine(const std::string& machine) {
  BootOptions options;
  options.extra_args = {"-machine", machine};  // the later -machine wins
  return options;
}

class HybridBios : public ::testing::TestWithParam<std::string> {};

TEST_P(HybridBios, BasicKernelBoots) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, hybrid(), "hybrid.img", &image, &err)) << err;
  BootResult r = boot(image, on_machine(GetParam()));
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("ENTRY rsp="), std::string::npos) << r.serial;
}

TEST_P(HybridBios, ActiveProtectiveRecordBoots) {
  ImageOptions options = hybrid();
  options.mbr_boot_flag = true;
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, options, "active.img", &image, &err)) << err;
  BootResult r = boot(image, on_machine(GetParam()));
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
}

// 6 MiB of checked data: a FAT16 ESP, the kernel read in many 64 KiB calls.
TEST_P(HybridBios, KernelWithDataReadsBackExactly) {
  const uint64_t blob_bytes = 6 << 20;
  std::filesystem::path blob = work_dir() / "hybrid_data" / "blob.bin";
  uint64_t sum = write_random_file(blob, blob_bytes, 77);
  char sum_text[32];
  std::snprintf(sum_text, sizeof(sum_text), "0x%llxULL", static_cast<unsigned long long>(sum));
  KernelSpec spec = {"hybrid_data",
                     "data.cpp",
                     "higher_half.ld",
                     {"BLOB_PATH=\"" + blob.string() + "\"", "BLOB_SIZE=" + std::to_string(blob_bytes),
                      std::string("BLOB_SUM=") + sum_text, "BSS_SIZE=65536"}};
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(spec, hybrid(), "data.img", &image, &err)) << err;
  BootResult r = boot(image, on_machine(GetParam()));
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("DATA OK\nBSS OK\n"), std::string::npos) << r.serial;
}

INSTANTIATE_TEST_SUITE_P(Machines, HybridBios, ::testing::Values("pc", "q35"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kbuild::boot_test
