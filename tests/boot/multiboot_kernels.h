// The Multiboot test kernels (kernels/multiboot*.{c,S}): 32-bit code built with clang and ld.lld
// as the GRUB tutorials build theirs, as an ELF32 file or converted to ELF64, and imaged by
// write_image; and the facts they print, parsed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {

struct MultibootKernel {
  std::string name;                  // build directory, unique per variant
  std::vector<std::string> defines;  // see kernels/multiboot_entry.S
  bool elf64 = false;                // llvm-objcopy -O elf64-x86-64 after the ELF32 link
  bool sloppy = false;               // kernels/multiboot_sloppy.S alone, an ELF64 link
  std::string linker_script = "multiboot.ld";
};

// Builds <work>/<name>/kernel.elf.
bool build_multiboot_kernel(const MultibootKernel& spec, std::filesystem::path* elf, std::string* err);

// build_multiboot_kernel + write_image into <work>/<name>/<image_name>.
bool build_multiboot_image(const MultibootKernel& spec, const ImageOptions& options, const std::string& image_name,
                           std::filesystem::path* image, std::string* err);

// build_multiboot_image ("mb.img") and boot: the kernel must pass (a failure to build or to pass
// is reported here); its facts are the caller's to check.
BootResult boot_multiboot_kernel(const MultibootKernel& spec, const ImageOptions& options,
                                 const BootOptions& boot_options = {});

// The text after "KEY " on the first line starting with it.
std::optional<std::string> fact(const std::string& serial, const std::string& key);

// The "FB address pitch width height bpp type" line.
struct FramebufferFact {
  uint64_t address = 0;
  unsigned pitch = 0, width = 0, height = 0, bpp = 0, type = 0;
};
std::optional<FramebufferFact> framebuffer_fact(const std::string& serial);

// Bytes of available memory (type 1) in the "MMAP base length type" lines.
uint64_t available_bytes(const std::string& serial);

}  // namespace kbuild::boot_test
