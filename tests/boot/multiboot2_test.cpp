// Multiboot2 kernels under kbuild's own loader on the BIOS path: the entry state the
// specification defines, and every information tag checked against what QEMU was given.
#include <gtest/gtest.h>

#include "boot/multiboot_kernels.h"
#include "image/kernel_image.h"

namespace kbuild::boot_test {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;

// mem_upper is the RAM from 1 MiB to the first hole: QEMU keeps a little below the top.
void expect_memory_of(const std::string& serial, uint64_t ram) {
  std::optional<std::string> mem = fact(serial, "MEM");
  ASSERT_TRUE(mem) << serial;
  uint32_t lower = 0, upper = 0;
  ASSERT_EQ(std::sscanf(mem->c_str(), "%u %u", &lower, &upper), 2) << *mem;
  EXPECT_GE(lower, 600u) << *mem;
  EXPECT_LE(lower, 640u) << *mem;
  uint64_t top = (uint64_t(upper) + 1024) * 1024;
  EXPECT_LE(top, ram) << *mem;
  EXPECT_GE(top, ram - kMiB) << *mem;
  uint64_t available = available_bytes(serial);
  EXPECT_LE(available, ram) << serial;
  EXPECT_GE(available, ram - 2 * kMiB) << serial;
}

TEST(Multiboot2Bios, Elf32KernelGetsTagsMatchingQemu) {
  ImageOptions options;
  options.cmdline = "console=ttyS0 multiboot2 test";
  BootResult r = boot_multiboot_kernel({"mb2_elf32", {}}, options, BootOptions("128M"));
  EXPECT_NE(r.serial.find("MAGIC OK\n"), std::string::npos) << r.serial;
  EXPECT_EQ(fact(r.serial, "CMDLINE"), "console=ttyS0 multiboot2 test") << r.serial;
  EXPECT_EQ(fact(r.serial, "LOADER"), "kbuild") << r.serial;
  EXPECT_EQ(fact(r.serial, "LOADBASE"), "0x100000") << r.serial;
  EXPECT_EQ(fact(r.serial, "BOOTDEV"), "0x80") << r.serial;
  EXPECT_EQ(fact(r.serial, "ACPI"), "old RSD PTR") << r.serial;
  EXPECT_FALSE(fact(r.serial, "EFI64")) << r.serial;
  // No framebuffer asked for: the EGA text screen.
  EXPECT_EQ(fact(r.serial, "FB"), "0xb8000 160 80 25 16 2") << r.serial;
  expect_memory_of(r.serial, 128 * kMiB);
  // Not asked for, given as GRUB gives it: the ELF32 section headers and the symbols.
  EXPECT_EQ(fact(r.serial, "ELFSYMS"), "40 .symtab kmain ok") << r.serial;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

TEST(Multiboot2Bios, Elf64KernelSeesItsMemorySize) {
  ImageOptions options;
  options.cmdline = "elf64";
  BootResult r = boot_multiboot_kernel({"mb2_elf64", {}, true}, options, BootOptions("256M"));
  EXPECT_EQ(fact(r.serial, "CMDLINE"), "elf64") << r.serial;
  expect_memory_of(r.serial, 256 * kMiB);
  EXPECT_EQ(fact(r.serial, "ELFSYMS"), "64 .symtab kmain ok") << r.serial;
}

// A kernel that requires the ELF-sections tag (9) gets it: it finds kmain by name in its own
// .symtab, which no PT_LOAD segment holds, at the address kmain runs at.
TEST(Multiboot2Bios, RequiredElfSectionsTagLetsTheKernelReadItsSymbols) {
  BootResult r = boot_multiboot_kernel({"mb2_requires_sections", {"REQUIRE_TAG=9"}}, {}, {});
  EXPECT_EQ(fact(r.serial, "ELFSYMS"), "40 .symtab kmain ok") << r.serial;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

TEST(Multiboot2Bios, RequiredElfSectionsTagOfAnElf64KernelIsGiven) {
  BootResult r = boot_multiboot_kernel({"mb2_requires_sections64", {"REQUIRE_TAG=9"}, true}, {}, {});
  EXPECT_EQ(fact(r.serial, "ELFSYMS"), "64 .symtab kmain ok") << r.serial;
}

// Without section headers there is nothing to give: refused when imaged, in one line.
TEST(Multiboot2Image, RequiredElfSectionsTagOfAKernelWithoutSectionHeadersIsRefused) {
  std::filesystem::path elf;
  std::string err;
  ASSERT_TRUE(build_multiboot_kernel({"mb2_sections_stripped", {"REQUIRE_TAG=9"}}, &elf, &err)) << err;
  std::filesystem::path stripped = elf.parent_path() / "stripped.elf";
  ASSERT_TRUE(run_tool({"llvm-objcopy", "--strip-sections", elf.string(), stripped.string()}, &err)) << err;
  std::filesystem::path image = elf.parent_path() / "mb2.img";
  ImageResult result;
  EXPECT_FALSE(make_kernel_image(stripped, {}, image, "", &result, &err));
  EXPECT_EQ(err.rfind(stripped.string() + ": the kernel's Multiboot2 header requires information tag 9 (ELF "
                                         "sections), but the file has no section headers",
                      0),
            0u)
      << err;
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(image));
}

TEST(Multiboot2Bios, FramebufferTagGetsTheModeTheHeaderAsksFor) {
  BootOptions options;
  options.vga = true;
  BootResult r = boot_multiboot_kernel({"mb2_fb", {"WANT_FB"}}, {}, options);
  std::optional<FramebufferFact> fb = framebuffer_fact(r.serial);
  ASSERT_TRUE(fb) << r.serial;
  EXPECT_NE(fb->address, 0u);
  EXPECT_EQ(fb->width, 800u);
  EXPECT_EQ(fb->height, 600u);
  EXPECT_EQ(fb->bpp, 32u);
  EXPECT_GE(fb->pitch, 800u * 4);
  EXPECT_EQ(fb->type, 1u);  // RGB
}

TEST(Multiboot2Bios, EntryAddressTagIsWhereTheKernelStarts) {
  BootResult r = boot_multiboot_kernel({"mb2_entry_tag", {"ENTRY_TAG"}}, {}, {});
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

// The intermezzOS book's first kernel: ELF64, 32-bit entry, an end tag with a 16-bit size.
TEST(Multiboot2Bios, KernelWithAShortEndTagBoots) {
  MultibootKernel sloppy = {"mb2_sloppy", {}, false, true};
  BootResult r = boot_multiboot_kernel(sloppy, {}, {});
  EXPECT_EQ(r.serial, "OK\n");
}

// Linked at 0xC0100000, loaded at 1 MiB: the ELF entry point moves with its segment, as in GRUB
// (the sloppy kernel's code runs anywhere).
TEST(Multiboot2Bios, HigherHalfKernelIsEnteredAtItsPhysicalEntry) {
  MultibootKernel higher = {"mb2_higher_half", {}, false, true, "multiboot_higher_half.ld"};
  BootResult r = boot_multiboot_kernel(higher, {}, {});
  EXPECT_EQ(r.serial, "OK\n");
}

// Under OVMF: boot services exited first, then the same 32-bit entry, with the EFI system table
// and the firmware's final memory map added.
TEST(Multiboot2Uefi, KernelGetsEfiTagsAndTheSameEntryState) {
  ImageOptions options;
  options.boot = BootMode::hybrid;
  options.cmdline = "under uefi";
  BootOptions boot_options = uefi_options("256M");
  boot_options.vga = true;  // a GOP, so the framebuffer tag the kernel requires exists
  BootResult r = boot_multiboot_kernel({"mb2_uefi", {}}, options, boot_options);
  EXPECT_NE(r.serial.find("MAGIC OK\n"), std::string::npos) << r.serial;
  EXPECT_EQ(fact(r.serial, "CMDLINE"), "under uefi") << r.serial;
  EXPECT_EQ(fact(r.serial, "EFI64"), "IBI SYST") << r.serial;
  std::optional<std::string> descriptors = fact(r.serial, "EFIMMAP");
  ASSERT_TRUE(descriptors) << r.serial;
  EXPECT_GT(std::stoul(*descriptors), 4u) << r.serial;
  EXPECT_FALSE(fact(r.serial, "BOOTDEV")) << r.serial;
  std::optional<std::string> fb = fact(r.serial, "FB");
  ASSERT_TRUE(fb) << r.serial;
  EXPECT_TRUE(fb->ends_with(" 32 1")) << *fb;
  uint64_t available = available_bytes(r.serial);
  EXPECT_LE(available, 256 * kMiB) << r.serial;
  EXPECT_GE(available, 200 * kMiB) << r.serial;
  EXPECT_EQ(fact(r.serial, "ELFSYMS"), "40 .symtab kmain ok") << r.serial;
  EXPECT_NE(r.serial.find("\nOK\n"), std::string::npos) << r.serial;
}

TEST(Multiboot2Image, UnknownRequiredInformationTagIsRefusedWhenImaging) {
  std::filesystem::path image;
  std::string err;
  // 13: SMBIOS tables, which kbuild's loader does not give.
  EXPECT_FALSE(build_multiboot_image({"mb2_requires_smbios", {"REQUIRE_TAG=13"}}, {}, "mb2.img", &image, &err));
  EXPECT_NE(err.find("requires information tag 13, which kbuild's loader does not give"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(image));

  // As `kbuild image` and `kbuild runner` make it: the line names the ELF file.
  std::filesystem::path elf = work_dir() / "mb2_requires_smbios" / "kernel.elf";
  ImageResult result;
  err.clear();
  EXPECT_FALSE(make_kernel_image(elf, {}, image, "", &result, &err));
  EXPECT_EQ(err.rfind(elf.string() + ": the kernel's Multiboot2 header requires information tag 13", 0), 0u)
      << err;
  EXPECT_FALSE(std::filesystem::exists(image));
}

}  // namespace
}  // namespace kbuild::boot_test
