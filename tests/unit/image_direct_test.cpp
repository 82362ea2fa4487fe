// Images for the architectures kbuild's loader boots directly (aarch64): the "uefi" disk with
// the manifest at LBA 34 too, the packed kernel contiguous at kernel_lba, no EFI loader, and
// the kernel's e_machine checked against [target] arch.
#include <gtest/gtest.h>

#include <cstring>

#include "boot_manifest.h"
#include "core/fs.h"
#include "elf_builder.h"
#include "image/elf_validate.h"
#include "image/image_writer.h"
#include "image/kernel_image.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;
using testing::ElfBuilder;

std::vector<uint8_t> aarch64_kernel() {
  ElfBuilder b = testing::higher_half_kernel();
  b.ehdr.e_machine = 183;
  return b.build();
}

TEST(ImageDirect, Aarch64ImageHasTheManifestAtLba34AndTheKernelAtKernelLba) {
  test::ScratchDir scratch;
  ImageOptions opts;
  opts.arch = Arch::aarch64;
  opts.boot = BootMode::hybrid;  // ignored: a direct-boot image has no BIOS stages
  opts.cmdline = "console=pl011";
  std::vector<uint8_t> elf = aarch64_kernel();
  std::string err;
  fs::path out = scratch.path() / "k.img";
  ASSERT_TRUE(write_image(opts, elf, out, &err)) << err;
  std::vector<uint8_t> img;
  ASSERT_TRUE(read_file_bytes(out, &img, &err)) << err;
  kbuild_boot_manifest m;
  std::memcpy(&m, &img[KBUILD_MANIFEST_LBA * 512], sizeof m);
  EXPECT_EQ(m.magic, KBUILD_MANIFEST_MAGIC);
  EXPECT_EQ(m.stage2_sectors, 0u);
  EXPECT_EQ(m.stage2_lba, 0u);
  EXPECT_EQ(std::string(m.cmdline, m.cmdline_length), "console=pl011");
  EXPECT_GE(m.kernel_lba, uint64_t(KBUILD_ESP_LBA));
  // The packed kernel starts there: an ELF header for AArch64.
  ASSERT_LT(m.kernel_lba * 512 + 64, img.size());
  EXPECT_EQ(std::memcmp(&img[m.kernel_lba * 512], "\x7f" "ELF", 4), 0);
  uint16_t machine;
  std::memcpy(&machine, &img[m.kernel_lba * 512 + 18], 2);
  EXPECT_EQ(machine, 183);
  // No BIOS stage 2 after the manifest, no boot code in the protective MBR beyond the stub,
  // and no EFI loader anywhere in the ESP.
  for (size_t i = (KBUILD_MANIFEST_LBA + 1) * 512; i < KBUILD_ESP_LBA * 512; ++i) ASSERT_EQ(img[i], 0) << i;
  std::string bytes(img.begin(), img.end());
  EXPECT_EQ(bytes.find("BOOTX64 EFI"), std::string::npos);
  EXPECT_NE(bytes.find("MANIFESTBIN"), std::string::npos);
  EXPECT_NE(bytes.find("KERNEL  ELF"), std::string::npos);
}

TEST(ImageDirect, TheKernelsMachineMustBeTheArchitectures) {
  KernelElf parsed;
  std::string err;
  std::vector<uint8_t> arm = aarch64_kernel();
  EXPECT_FALSE(validate_kernel_elf(arm, &parsed, &err, Arch::x86_64));
  EXPECT_EQ(err.rfind("built for AArch64 (e_machine 183), but [target] arch is \"x86_64\"", 0), 0u) << err;
  std::vector<uint8_t> pc = testing::higher_half_kernel().build();
  EXPECT_FALSE(validate_kernel_elf(pc, &parsed, &err, Arch::aarch64));
  EXPECT_EQ(err, "built for x86_64 (e_machine 62), but [target] arch is \"aarch64\" (e_machine 183): "
                 "compile with --target=aarch64-unknown-none-elf");
  EXPECT_TRUE(validate_kernel_elf(arm, &parsed, &err, Arch::aarch64)) << err;
  Arch arch;
  ASSERT_TRUE(elf_file_arch(arm, &arch));
  EXPECT_EQ(arch, Arch::aarch64);
}

// `kbuild runner` retargets by the ELF file's machine, read the way images read the kernel.
TEST(ImageDirect, KernelElfArchReadsTheFilesMachine) {
  test::ScratchDir scratch;
  std::string err;
  std::vector<uint8_t> arm = aarch64_kernel();
  ASSERT_TRUE(write_file_if_changed(scratch.path() / "arm.elf", {reinterpret_cast<const char*>(arm.data()), arm.size()}, &err));
  std::vector<uint8_t> pc = testing::higher_half_kernel().build();
  ASSERT_TRUE(write_file_if_changed(scratch.path() / "pc.elf", {reinterpret_cast<const char*>(pc.data()), pc.size()}, &err));
  ASSERT_TRUE(write_file_if_changed(scratch.path() / "short.elf", "\x7f" "ELF\x02", &err));
  ASSERT_TRUE(write_file_if_changed(scratch.path() / "empty.elf", "", &err));
  Arch arch = Arch::x86_64;
  ASSERT_TRUE(kernel_elf_arch(scratch.path() / "arm.elf", &arch));
  EXPECT_EQ(arch, Arch::aarch64);
  ASSERT_TRUE(kernel_elf_arch(scratch.path() / "pc.elf", &arch));
  EXPECT_EQ(arch, Arch::x86_64);
  EXPECT_FALSE(kernel_elf_arch(scratch.path() / "short.elf", &arch));
  EXPECT_FALSE(kernel_elf_arch(scratch.path() / "empty.elf", &arch));
  EXPECT_FALSE(kernel_elf_arch(scratch.path() / "missing.elf", &arch));
  EXPECT_FALSE(kernel_elf_arch(scratch.path(), &arch));  // a directory
}

}  // namespace
}  // namespace kbuild
