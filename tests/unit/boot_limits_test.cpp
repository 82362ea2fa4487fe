// The boot limits are stated once (bootloader/shared/boot_limits.h); the loader's manifest check
// calls those predicates directly. These tests pin that the host agrees: the image writer takes
// exactly what the loader takes, and whatever kernel.toml accepts (its policy) the loader takes.
#include "boot_limits.h"

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config/config_reader.h"
#include "elf_builder.h"
#include "image/elf.h"
#include "image/image_writer.h"
#include "image/kernel_pack.h"
#include "kernel_rules.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

static_assert(kMaxPackedSegments == static_cast<size_t>(kbuild_rules::kMaxSegments));

std::vector<uint8_t> tiny_kernel() {
  testing::ElfBuilder b;
  b.ehdr.e_entry = 0xffffffff80001000;
  b.load(elf::PF_R | elf::PF_X, 0xffffffff80001000, std::vector<uint8_t>(64, 0xf4));
  return b.build();
}

class BootLimits : public ::testing::Test {
 protected:
  bool writes(const ImageOptions& opts) {
    std::string err;
    return write_image(opts, kernel_, scratch_.path() / "k.img", &err);
  }
  // Whether kernel.toml accepts `line` in [bootloader] (for [target] arch, when given).
  bool toml_accepts(const std::string& line, const std::string& arch = "") {
    fs::path manifest = scratch_.path() / "kernel.toml";
    std::ofstream(manifest) << "[kernel]\nname = \"k\"\n"
                            << (arch.empty() ? "" : "[target]\narch = \"" + arch + "\"\n")
                            << "[bootloader]\n"
                            << line << "\n";
    Config config;
    std::string err;
    return read_config(manifest, &config, &err);
  }

  test::ScratchDir scratch_;
  std::vector<uint8_t> kernel_ = tiny_kernel();
};

const uint64_t kStackSizes[] = {0, 4096, 60 * 1024, 64 * 1024, 64 * 1024 + 512, 68 * 1024,
                                uint64_t{1} << 30, (uint64_t{1} << 30) + 4096};
const uint64_t kOffsets[] = {0,
                             0x200000,
                             uint64_t{511} << 30,
                             uint64_t{512} << 30,
                             (uint64_t{512} << 30) + 0x1000,
                             0x0000800000000000,
                             0xffff800000000000,
                             0xffff800000200000,
                             0xffff800040000000,
                             0xffffffff80000000};

TEST_F(BootLimits, ImageWriterTakesTheStackSizesTheLoaderTakes) {
  for (uint64_t size : kStackSizes) {
    ImageOptions opts;
    opts.stack_size = size;
    EXPECT_EQ(writes(opts), kbuild_limits::stack_size_ok(size)) << size;
  }
}

TEST_F(BootLimits, ImageWriterTakesThePhysicalMemoryOffsetsTheLoaderTakes) {
  for (uint64_t offset : kOffsets) {
    ImageOptions opts;
    opts.physical_memory_offset = offset;
    EXPECT_EQ(writes(opts), kbuild_limits::physical_memory_offset_ok(offset)) << std::hex << offset;
  }
}

TEST_F(BootLimits, ImageWriterTakesTheCommandLinesTheLoaderTakes) {
  for (size_t length : {size_t{0}, size_t{398}, size_t{399}, size_t{400}, size_t{401}}) {
    ImageOptions opts;
    opts.cmdline.assign(length, 'x');
    EXPECT_EQ(writes(opts), kbuild_limits::cmdline_length_ok(length)) << length;
  }
}

TEST_F(BootLimits, ImageWriterTakesTheFramebuffersTheLoaderTakes) {
  struct Case { uint32_t width, height, bpp; };
  const Case cases[] = {{0, 0, 32},      {800, 600, 32},   {800, 0, 32},  {800, 600, 24},
                        {800, 600, 16},  {800, 600, 12},   {0xffff, 1, 8}, {0x10000, 1, 32}};
  for (const Case& c : cases) {
    ImageOptions opts;
    opts.framebuffer_width = c.width;
    opts.framebuffer_height = c.height;
    opts.framebuffer_bpp = c.bpp;
    EXPECT_EQ(writes(opts), kbuild_limits::framebuffer_ok(c.width, c.height, c.bpp))
        << c.width << "x" << c.height << "@" << c.bpp;
  }
}

// kernel.toml may refuse more (its policy), never accept what the loader would refuse.
// README's [bootloader] physical-memory-offset: "Canonical, in the higher half
// (>= 0xffff800000000000) and a multiple of 1 GiB"; <kbuild/boot.h> documents the loader's own,
// wider limit (0, or a 2 MiB multiple at or above 512 GiB), which every such offset meets.
TEST_F(BootLimits, KernelTomlPhysicalMemoryOffsetsAreWhatTheReadmeSays) {
  for (uint64_t offset : kOffsets) {
    bool documented = offset >= 0xffff800000000000 && offset % (uint64_t{1} << 30) == 0;
    EXPECT_EQ(toml_accepts("physical-memory-offset = \"" + std::to_string(offset) + "\""), documented)
        << std::hex << offset;
    if (documented) {
      EXPECT_TRUE(kbuild_limits::physical_memory_offset_ok(offset)) << std::hex << offset;
    }
  }
  EXPECT_TRUE(toml_accepts("physical-memory-offset = \"0xffffffffc0000000\""));
  EXPECT_FALSE(toml_accepts("physical-memory-offset = \"0xffffffffe0000000\""));
}

// The same on the other architectures, whose loaders want more: aarch64's maps the offset through
// TTBR1 (0xffff000000000000 and up), riscv64's in Sv39's upper half (0xffffffc000000000 and up,
// with the 4 GiB it maps at least still inside it), as the README and <kbuild/boot.h> say.
TEST_F(BootLimits, KernelTomlPhysicalMemoryOffsetsFitEachArchitecturesLoader) {
  const uint64_t offsets[] = {0xffff800000000000, 0xffffffbfc0000000, 0xffffffc000000000,
                              0xffffffc040000000, 0xfffffffec0000000, 0xffffffffc0000000};
  for (uint64_t offset : offsets) {
    std::string line = "physical-memory-offset = \"" + std::to_string(offset) + "\"";
    EXPECT_TRUE(toml_accepts(line, "aarch64")) << std::hex << offset;
    EXPECT_GE(offset, kbuild_rules::kAarch64HigherHalf);
    bool in_sv39 = offset >= 0xffffffc000000000;
    EXPECT_EQ(toml_accepts(line, "riscv64"), in_sv39) << std::hex << offset;
    if (in_sv39) EXPECT_TRUE(kbuild_rules::sv39_address(offset)) << std::hex << offset;
  }
  // The error names the key's place and the way out.
  fs::path manifest = scratch_.path() / "kernel.toml";
  std::ofstream(manifest) << "[kernel]\nname = \"k\"\n[target]\narch = \"riscv64\"\n[bootloader]\n"
                          << "physical-memory-offset = \"0xffff800000000000\"\n";
  Config config;
  std::string err;
  EXPECT_FALSE(read_config(manifest, &config, &err));
  EXPECT_NE(
      err.find(
          "kernel.toml:6:26: physical-memory-offset 0xffff800000000000 is outside riscv64's Sv39 "
          "upper half; use a 1 GiB-aligned address from 0xffffffc000000000 (the default)"),
      std::string::npos)
      << err;
}

TEST_F(BootLimits, KernelTomlAcceptsOnlyWhatTheLoaderTakes) {
  int accepted = 0;
  for (uint64_t size : kStackSizes) {
    if (!toml_accepts("stack-size = " + std::to_string(size))) continue;
    ++accepted;
    EXPECT_TRUE(kbuild_limits::stack_size_ok(size)) << size;
  }
  for (uint64_t offset : kOffsets) {
    if (!toml_accepts("physical-memory-offset = \"" + std::to_string(offset) + "\"")) continue;
    ++accepted;
    EXPECT_TRUE(kbuild_limits::physical_memory_offset_ok(offset)) << std::hex << offset;
  }
  for (size_t length : {size_t{398}, size_t{399}, size_t{400}}) {
    if (!toml_accepts("cmdline = \"" + std::string(length, 'x') + "\"")) continue;
    ++accepted;
    EXPECT_TRUE(kbuild_limits::cmdline_length_ok(length)) << length;
  }
  for (int bpp : {8, 16, 24, 32}) {
    if (!toml_accepts("framebuffer = { width = 16384, height = 1, bpp = " + std::to_string(bpp) +
                      " }"))
      continue;
    ++accepted;
    EXPECT_TRUE(kbuild_limits::framebuffer_ok(16384, 1, bpp)) << bpp;
  }
  EXPECT_GE(accepted, 8);  // the comparisons above ran on real accepted values
}

}  // namespace
}  // namespace kbuild
