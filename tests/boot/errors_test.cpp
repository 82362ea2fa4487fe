// When the loader cannot go on it prints one line "kbuild boot: <why>" on COM1 (and the screen)
// and, under QEMU, ends the run at once through the debug-exit port with
// KBUILD_EXIT_BOOT_FAILED (status 255) instead of halting until a timeout.
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>

#include "boot/boot_harness.h"
#include "boot_manifest.h"
#include <kbuild/exit_codes.h>

namespace kbuild::boot_test {
namespace {

// Boot options for a machine whose loader is expected to give up: the timeout only catches a
// loader that halts instead of ending the run.
BootOptions halting(const std::string& memory = "128M", std::vector<std::string> extra = {}) {
  BootOptions options(memory, 5);
  options.extra_args = std::move(extra);
  return options;
}

TEST(BootErrors, CorruptKernelGivesAnErrorLineAndHalts) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_corrupt_kernel_image("corrupt.img", &image, &err)) << err;
  BootResult r = boot(image, halting());
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: bad kernel: no ELF magic at LBA 2048\r\n"),
            std::string::npos)
      << r.serial;
}

TEST(BootErrors, MissingVbeModeGivesAnErrorLine) {
  ImageOptions options;
  options.framebuffer_width = 800;
  options.framebuffer_height = 600;
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image({"framebuffer", "framebuffer.cpp", "higher_half.ld", {}}, options,
                          "novga.img", &image, &err))
      << err;
  BootResult r = boot(image, halting());  // no -vga std: no VBE BIOS
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: no VBE mode 800x600x32: "), std::string::npos) << r.serial;
}

TEST(BootErrors, TooLittleMemoryGivesAnErrorLine) {
  std::filesystem::path blob = work_dir() / "bss_too_big" / "blob.bin";
  uint64_t sum = write_random_file(blob, 4096, 1);
  char sum_text[32];
  std::snprintf(sum_text, sizeof(sum_text), "0x%llxULL", static_cast<unsigned long long>(sum));
  KernelSpec spec = {"bss_too_big",
                     "data.cpp",
                     "higher_half.ld",
                     {"BLOB_PATH=\"" + blob.string() + "\"", "BLOB_SIZE=4096",
                      std::string("BLOB_SUM=") + sum_text, "BSS_SIZE=268435456", "BSS_SAMPLED"}};
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(spec, {}, "small.img", &image, &err)) << err;
  BootResult r = boot(image, halting());
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: not enough memory"), std::string::npos) << r.serial;
}

TEST(BootErrors, CpuWithoutLongModeGivesAnErrorLine) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, {}, "nolm.img", &image, &err)) << err;
  BootResult r = boot(image, halting("128M", {"-cpu", "qemu32"}));
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: this CPU has no 64-bit long mode\r\n"), std::string::npos)
      << r.serial;
}

TEST(BootErrors, BadManifestGivesAnErrorLineFromStage1) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, {}, "manifest.img", &image, &err)) << err;
  patch_image(image, KBUILD_MANIFEST_LBA * 512, "XXXXXXXX", 8);
  BootResult r = boot(image, halting());
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: bad boot manifest at LBA 34\r\n"), std::string::npos)
      << r.serial;
}

TEST(BootErrors, ReadingPastTheDiskGivesADiskError) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(kBasicKernel, {}, "short.img", &image, &err)) << err;
  uint64_t kernel_lba = uint64_t(64) << 11;  // 64 MiB in: the disk holds 2 MiB
  patch_image(image, KBUILD_MANIFEST_LBA * 512 + offsetof(kbuild_boot_manifest, kernel_lba),
              &kernel_lba, sizeof(kernel_lba));
  BootResult r = boot(image, halting());
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: disk read error at LBA 131072"), std::string::npos)
      << r.serial;
}

// Stage 2 reads in batches of INT 13h calls (three 64 KiB slots of the bounce area) before it
// copies: a call that fails in the middle of a batch is named by its own first sector. The
// disk ends 512 sectors into a 1 MiB kernel, so the second call of the second batch fails.
TEST(BootErrors, ADiskErrorInTheMiddleOfABatchNamesThatCall) {
  std::filesystem::path blob = work_dir() / "batch_error" / "blob.bin";
  uint64_t sum = write_random_file(blob, 1 << 20, 5);
  char sum_text[32];
  std::snprintf(sum_text, sizeof(sum_text), "0x%llxULL", static_cast<unsigned long long>(sum));
  KernelSpec spec = {"batch_error",
                     "data.cpp",
                     "higher_half.ld",
                     {"BLOB_PATH=\"" + blob.string() + "\"", "BLOB_SIZE=1048576",
                      std::string("BLOB_SUM=") + sum_text, "BSS_SIZE=4096"}};
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_image(spec, {}, "cut.img", &image, &err)) << err;
  kbuild_boot_manifest manifest;
  std::ifstream(image, std::ios::binary)
      .seekg(KBUILD_MANIFEST_LBA * 512)
      .read(reinterpret_cast<char*>(&manifest), sizeof(manifest));
  ASSERT_GT(manifest.kernel_bytes, uint64_t(1) << 20);
  const uint64_t end_lba = manifest.kernel_lba + 512;
  std::filesystem::resize_file(image, end_lba * 512);
  BootResult r = boot(image, halting());
  EXPECT_FALSE(r.timed_out) << r.serial;
  EXPECT_EQ(r.exit_code, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << r.serial;
  EXPECT_NE(r.serial.find("kbuild boot: disk read error at LBA " + std::to_string(end_lba) + " "),
            std::string::npos)
      << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
