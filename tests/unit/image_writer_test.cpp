// The image writer: disk layout, packing offsets, manifest fields, MBR, sparse padding, and
// the atomic write (a failed write leaves an existing file alone).
#include "image/image_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "boot_manifest.h"
#include "core/fs.h"
#include "elf_builder.h"
#include "image/bootloader_blob.h"
#include "image/elf.h"
#include "image/kernel_pack.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;
using testing::ElfBuilder;

class ImageWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_.path();
  }

  std::vector<uint8_t> read(const fs::path& p) {
    std::vector<uint8_t> bytes;
    std::string err;
    EXPECT_TRUE(read_file_bytes(p, &bytes, &err)) << err;
    return bytes;
  }

  test::ScratchDir scratch_;
  fs::path dir_;
};

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7);
  return v;
}

// text at ...1000 (+0x123 into its page), data at ...5000+0x10 with .bss after it.
std::vector<uint8_t> sample_kernel() {
  ElfBuilder b;
  b.ehdr.e_entry = 0xffffffff80001123;
  b.load(elf::PF_R | elf::PF_X, 0xffffffff80001123, pattern(5000, 1));
  b.load(elf::PF_R | elf::PF_W, 0xffffffff80005010, pattern(300, 9), 0x3000);
  return b.build();
}

TEST_F(ImageWriterTest, LaysOutTheDiskAsTheManifestSays) {
  ImageOptions opts;
  opts.stack_size = 256 * 1024;
  opts.physical_memory_offset = 0xffff900000000000;
  opts.framebuffer_width = 1024;
  opts.framebuffer_height = 768;
  opts.framebuffer_bpp = 32;
  opts.cmdline = "hello world";
  std::vector<uint8_t> elf_bytes = sample_kernel();
  std::string err;
  fs::path out = dir_ / "k.img";
  ASSERT_TRUE(write_image(opts, elf_bytes, out, &err)) << err;
  std::vector<uint8_t> img = read(out);
  ASSERT_EQ(img.size() % (1 << 20), 0u);
  ASSERT_GE(img.size(), 2u << 20);

  // MBR: stage 1's code, a disk signature, one bootable partition from LBA 2048, 0x55aa.
  std::span<const uint8_t> stage1 = bootloader_stage1();
  EXPECT_EQ(std::memcmp(img.data(), stage1.data(), 440), 0);
  uint32_t signature;
  std::memcpy(&signature, &img[440], 4);
  EXPECT_NE(signature, 0u);
  EXPECT_EQ(img[446], 0x80);
  uint32_t first_lba, sectors;
  std::memcpy(&first_lba, &img[446 + 8], 4);
  std::memcpy(&sectors, &img[446 + 12], 4);
  EXPECT_EQ(first_lba, 2048u);
  EXPECT_EQ(uint64_t(first_lba + sectors) * 512, img.size());
  EXPECT_EQ(img[510], 0x55);
  EXPECT_EQ(img[511], 0xaa);
  for (size_t i = 512; i < KBUILD_MANIFEST_LBA * 512; ++i) ASSERT_EQ(img[i], 0) << i;

  kbuild_boot_manifest m;
  std::memcpy(&m, &img[KBUILD_MANIFEST_LBA * 512], sizeof(m));
  EXPECT_EQ(m.magic, KBUILD_MANIFEST_MAGIC);
  EXPECT_EQ(m.version, uint32_t(KBUILD_MANIFEST_VERSION));
  std::span<const uint8_t> stage2 = bootloader_stage2();
  EXPECT_EQ(m.stage2_sectors, (stage2.size() + 511) / 512);
  EXPECT_EQ(m.stage2_lba, uint64_t(KBUILD_STAGE2_LBA));
  EXPECT_EQ(m.kernel_lba, uint64_t(KBUILD_KERNEL_MIN_LBA));
  EXPECT_EQ(m.stack_size, 256u * 1024);
  EXPECT_EQ(m.physical_memory_offset, 0xffff900000000000);
  EXPECT_EQ(m.framebuffer_width, 1024u);
  EXPECT_EQ(m.framebuffer_height, 768u);
  EXPECT_EQ(m.framebuffer_bpp, 32u);
  EXPECT_EQ(m.cmdline_length, 11u);
  EXPECT_STREQ(m.cmdline, "hello world");
  EXPECT_EQ(std::memcmp(&img[KBUILD_STAGE2_LBA * 512], stage2.data(), stage2.size()), 0);

  // The packed kernel: header, PT_LOAD headers, segments congruent to their addresses.
  std::span<const uint8_t> packed(&img[m.kernel_lba * 512], m.kernel_bytes);
  EXPECT_EQ(m.kernel_bytes % 4096, 0u);
  elf::Elf64_Ehdr eh;
  ASSERT_TRUE(elf::read_struct(packed, 0, &eh));
  EXPECT_EQ(eh.e_phoff, 64u);
  EXPECT_EQ(eh.e_phnum, 2);
  EXPECT_EQ(eh.e_shoff, 0u);
  EXPECT_EQ(eh.e_shnum, 0);
  EXPECT_EQ(eh.e_entry, 0xffffffff80001123);
  uint64_t previous_end = 4096;  // segments start after the header page
  for (int i = 0; i < 2; ++i) {
    elf::Elf64_Phdr ph;
    ASSERT_TRUE(elf::read_struct(packed, 64 + i * 56, &ph));
    EXPECT_EQ(ph.p_offset % 4096, ph.p_vaddr % 4096);
    EXPECT_GE(ph.p_offset & ~uint64_t(4095), previous_end) << "segment " << i << " shares a page";
    previous_end = (ph.p_offset + ph.p_filesz + 4095) & ~uint64_t(4095);
    std::vector<uint8_t> expected = i == 0 ? pattern(5000, 1) : pattern(300, 9);
    ASSERT_EQ(ph.p_filesz, expected.size());
    EXPECT_EQ(std::memcmp(&packed[ph.p_offset], expected.data(), expected.size()), 0);
    EXPECT_EQ(ph.p_memsz, i == 0 ? 5000u : 0x3000u);
  }
  EXPECT_EQ(previous_end, m.kernel_bytes);
}

TEST_F(ImageWriterTest, PackingPlacesSegmentsOnTheirOwnPages) {
  ElfBuilder b;
  b.ehdr.e_entry = 0x200000;
  b.load(elf::PF_R | elf::PF_X, 0x200000, pattern(4096, 1));
  b.load(elf::PF_R, 0x201000 + 0xff0, pattern(0x20, 2));  // straddles a page boundary
  b.load(elf::PF_R | elf::PF_W, 0x300000, {}, 0x10000);   // .bss only
  std::vector<uint8_t> bytes = b.build();
  PackedKernel k;
  std::string err;
  ASSERT_TRUE(pack_kernel(bytes, &k, &err)) << err;
  ASSERT_EQ(k.segments.size(), 3u);
  EXPECT_EQ(k.segments[0].packed_offset, 0x1000u);
  EXPECT_EQ(k.segments[1].packed_offset, 0x2ff0u);
  EXPECT_EQ(k.segments[2].size, 0u);
  EXPECT_EQ(k.segments[2].packed_offset, 0x4000u) << "page aligned .bss: at the end, as it always was";
  EXPECT_EQ(k.size, 0x4000u);
}

// ld.lld's default layout (no linker script) ends in a .bss-only segment that is not page
// aligned: its offset must stay inside the packed file and congruent to its address.
TEST_F(ImageWriterTest, PackingKeepsATrailingBssSegmentInsideTheFile) {
  ElfBuilder b;
  b.ehdr.e_entry = 0x201190;
  b.load(elf::PF_R | elf::PF_X, 0x201190, pattern(0x2ae, 1));
  b.load(elf::PF_R | elf::PF_W, 0x202440, {}, 0x3020);  // .bss only
  std::vector<uint8_t> bytes = b.build();
  PackedKernel k;
  std::string err;
  ASSERT_TRUE(pack_kernel(bytes, &k, &err)) << err;
  ASSERT_EQ(k.segments.size(), 2u);
  EXPECT_EQ(k.size, 0x2000u);
  EXPECT_LE(k.segments[1].packed_offset, k.size);
  EXPECT_EQ(k.segments[1].packed_offset % 4096, 0x440u);
  elf::Elf64_Phdr ph;
  ASSERT_TRUE(elf::read_struct(std::span<const uint8_t>(k.headers), 64 + 56, &ph));
  EXPECT_EQ(ph.p_offset, k.segments[1].packed_offset);
}

TEST_F(ImageWriterTest, PaddingIsSparse) {
  fs::path out = dir_ / "sparse.img";
  std::string err;
  ASSERT_TRUE(write_image({}, sample_kernel(), out, &err)) << err;
  struct stat st;
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 2 << 20);
  EXPECT_LT(uint64_t(st.st_blocks) * 512, uint64_t(st.st_size) / 2);
}

TEST_F(ImageWriterTest, HybridAndUefiImagesAreSparseWholeMiB) {
  for (BootMode boot : {BootMode::hybrid, BootMode::uefi}) {
    ImageOptions opts;
    opts.boot = boot;
    fs::path out = dir_ / "gpt.img";
    std::string err;
    ASSERT_TRUE(write_image(opts, sample_kernel(), out, &err)) << err;
    struct stat st;
    ASSERT_EQ(::stat(out.c_str(), &st), 0);
    EXPECT_EQ(st.st_size % (1 << 20), 0);
    EXPECT_LT(uint64_t(st.st_blocks) * 512, uint64_t(st.st_size) / 4) << "only the non-zero parts are written";
    // The manifest points into the ESP, at the packed kernel's ELF header.
    std::vector<uint8_t> img = read(out);
    kbuild_boot_manifest m;
    std::memcpy(&m, &img[boot == BootMode::hybrid ? KBUILD_MANIFEST_LBA * 512 : 0], sizeof(m));
    if (boot == BootMode::hybrid) {
      EXPECT_EQ(m.magic, KBUILD_MANIFEST_MAGIC);
      EXPECT_GT(m.kernel_lba, uint64_t(KBUILD_ESP_LBA));
      EXPECT_EQ(std::memcmp(&img[m.kernel_lba * 512], "\x7f" "ELF", 4), 0);
    }
  }
}

TEST_F(ImageWriterTest, HybridFailureLeavesAnExistingFileUnchanged) {
  fs::path out = dir_ / "keep.img";
  std::ofstream(out) << "previous image";
  ImageOptions bad;
  bad.boot = BootMode::hybrid;
  bad.cmdline.assign(KBUILD_MANIFEST_CMDLINE_MAX, 'x');
  std::string err;
  EXPECT_FALSE(write_image(bad, sample_kernel(), out, &err));
  std::ifstream in(out);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "previous image");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(ImageWriterTest, FailureLeavesAnExistingFileUnchanged) {
  fs::path out = dir_ / "keep.img";
  std::ofstream(out) << "previous image";
  ImageOptions bad;
  bad.stack_size = 1000;
  std::string err;
  EXPECT_FALSE(write_image(bad, sample_kernel(), out, &err));
  EXPECT_NE(err.find("cannot write " + out.string() + ": stack size 1000"), std::string::npos)
      << err;

  std::vector<uint8_t> not_elf = {1, 2, 3};
  EXPECT_FALSE(write_image({}, not_elf, out, &err));
  EXPECT_NE(err.find("cannot pack the kernel"), std::string::npos) << err;

  std::ifstream in(out);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "previous image");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(ImageWriterTest, RejectsBadOptions) {
  std::string err;
  ImageOptions o;
  o.physical_memory_offset = 0x1000;
  EXPECT_FALSE(write_image(o, sample_kernel(), dir_ / "a.img", &err));
  EXPECT_NE(err.find("physical memory offset"), std::string::npos) << err;
  o = {};
  o.cmdline.assign(KBUILD_MANIFEST_CMDLINE_MAX, 'x');
  EXPECT_FALSE(write_image(o, sample_kernel(), dir_ / "a.img", &err));
  EXPECT_NE(err.find("command line"), std::string::npos) << err;
  o = {};
  o.framebuffer_width = 800;
  o.framebuffer_height = 600;
  o.framebuffer_bpp = 12;
  EXPECT_FALSE(write_image(o, sample_kernel(), dir_ / "a.img", &err));
  EXPECT_NE(err.find("framebuffer"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "a.img"));
}

TEST_F(ImageWriterTest, SixtyFourMiBKernelIsWrittenQuickly) {
  ElfBuilder b;
  b.ehdr.e_entry = 0xffffffff80000000;
  b.load(elf::PF_R | elf::PF_X, 0xffffffff80000000, std::vector<uint8_t>(64 << 20, 0xcc));
  std::vector<uint8_t> bytes = b.build();
  std::string err;
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(write_image({}, bytes, dir_ / "big.img", &err)) << err;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 2.0) << "64 MiB written in " << seconds << " s";  // one pass over the bytes
  std::printf("64 MiB image written in %.3f s\n", seconds);
  EXPECT_EQ(fs::file_size(dir_ / "big.img"), uint64_t(66) << 20);
}

}  // namespace
}  // namespace kbuild
