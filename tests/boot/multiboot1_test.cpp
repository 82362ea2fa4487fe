// Multiboot1 (0.6.96) kernels under kbuild's own loader on the BIOS path: the header's flags
// followed and the information structure checked against what QEMU was given.
#include <gtest/gtest.h>

#include "boot/multiboot_kernels.h"

namespace kbuild::boot_test {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;

TEST(Multiboot1Bios, KernelGetsInformationMatchingQemu) {
  ImageOptions options;
  options.cmdline = "root=/dev/sda1 multiboot1";
  BootResult r = boot_multiboot_kernel({"mb1", {"MULTIBOOT1"}}, options, BootOptions("192M"));
  EXPECT_NE(r.serial.find("MAGIC OK\n"), std::string::npos) << r.serial;
  EXPECT_EQ(fact(r.serial, "CMDLINE"), "root=/dev/sda1 multiboot1") << r.serial;
  EXPECT_EQ(fact(r.serial, "LOADER"), "kbuild") << r.serial;
  EXPECT_EQ(fact(r.serial, "BOOTDEV"), "0x80") << r.serial;
  EXPECT_EQ(fact(r.serial, "MODULES"), "0") << r.serial;
  EXPECT_EQ(fact(r.serial, "FB"), "0xb8000 160 80 25 16 2") << r.serial;
  std::optional<std::string> mem = fact(r.serial, "MEM");
  ASSERT_TRUE(mem) << r.serial;
  uint32_t lower = 0, upper = 0;
  ASSERT_EQ(std::sscanf(mem->c_str(), "%u %u", &lower, &upper), 2) << *mem;
  EXPECT_GE(lower, 600u);
  EXPECT_LE(lower, 640u);
  uint64_t top = (uint64_t(upper) + 1024) * 1024;
  EXPECT_LE(top, 192 * kMiB) << *mem;
  EXPECT_GE(top, 191 * kMiB) << *mem;
  EXPECT_GE(available_bytes(r.serial), 190 * kMiB) << r.serial;
  EXPECT_LE(available_bytes(r.serial), 192 * kMiB) << r.serial;
  // Flag 5, as GRUB sets it for every ELF kernel: the section headers, .symtab and .strtab loaded.
  EXPECT_EQ(fact(r.serial, "ELFSYMS"), "40 .symtab kmain ok") << r.serial;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

TEST(Multiboot1Bios, VideoModeFlagGetsTheFramebuffer) {
  BootOptions options;
  options.vga = true;
  BootResult r = boot_multiboot_kernel({"mb1_fb", {"MULTIBOOT1", "WANT_FB"}}, {}, options);
  std::optional<FramebufferFact> fb = framebuffer_fact(r.serial);
  ASSERT_TRUE(fb) << r.serial;
  EXPECT_NE(fb->address, 0u);
  EXPECT_EQ(fb->width, 800u);
  EXPECT_EQ(fb->height, 600u);
  EXPECT_EQ(fb->bpp, 32u);
  EXPECT_EQ(fb->type, 1u);
}

}  // namespace
}  // namespace kbuild::boot_test
