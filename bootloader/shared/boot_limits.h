// What kbuild's loaders accept in the boot manifest, in one place for the loaders
// (common/boot_info.cpp), the image writer (src/image/image_writer.cpp) and kernel.toml's checks
// (src/config/key_parsers.cpp), which add only their own policy on top.
//
// Header-only and freestanding: <stdint.h> types only (the UEFI target is LLP64).
#ifndef KBUILD_BOOT_LIMITS_H
#define KBUILD_BOOT_LIMITS_H

#include <stdint.h>

#include "boot_manifest.h"

namespace kbuild_limits {

constexpr uint64_t kPageSize = 4096;

// The kernel stack: whole pages, at least 64 KiB.
constexpr uint64_t kMinStackSize = 64 * 1024;
inline bool stack_size_ok(uint64_t size) { return size >= kMinStackSize && size % kPageSize == 0; }

// Physical memory is mapped with 2 MiB pages, at 0 (identity) or in a PML4 slot of its own
// above the first (at least 512 GiB), at a canonical address.
constexpr uint64_t kPhysicalMemoryOffsetAlignment = uint64_t{2} << 20;
constexpr uint64_t kMinPhysicalMemoryOffset = uint64_t{512} << 30;
inline bool canonical_address(uint64_t address) {
  uint64_t top = address >> 47;
  return top == 0 || top == 0x1ffff;
}
inline bool physical_memory_offset_ok(uint64_t offset) {
  return offset % kPhysicalMemoryOffsetAlignment == 0 && canonical_address(offset) &&
         (offset == 0 || offset >= kMinPhysicalMemoryOffset);
}

// The command line, its terminating NUL included, fits the manifest's field.
constexpr uint64_t kMaxCmdlineBytes = KBUILD_MANIFEST_CMDLINE_MAX;
inline bool cmdline_length_ok(uint64_t length) { return length < kMaxCmdlineBytes; }

// A framebuffer request: both dimensions or neither, each fitting 16 bits, at a depth VBE and
// GOP modes come in.
constexpr uint32_t kMaxFramebufferDimension = 0xffff;
inline bool framebuffer_bpp_ok(uint32_t bpp) {
  return bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}
inline bool framebuffer_ok(uint32_t width, uint32_t height, uint32_t bpp) {
  if (width == 0) return true;  // none: text mode
  return height != 0 && width <= kMaxFramebufferDimension && height <= kMaxFramebufferDimension &&
         framebuffer_bpp_ok(bpp);
}

// The framebuffer a loader makes itself (QEMU's ramfb on aarch64 virt) when kernel.toml asks
// for no size: OVMF's own default, which gives the runtime's console 80 columns as under UEFI.
constexpr uint32_t kDefaultFramebufferWidth = 1280, kDefaultFramebufferHeight = 800;
constexpr uint32_t kDefaultFramebufferBpp = 32;

// Modules: at most KBUILD_MODULES_MAX, each name and command line with its NUL fitting its
// field of the module table.
constexpr uint32_t kMaxModules = KBUILD_MODULES_MAX;
constexpr uint64_t kMaxModuleNameBytes = KBUILD_MODULE_NAME_MAX;
constexpr uint64_t kMaxModuleCmdlineBytes = KBUILD_MODULE_CMDLINE_MAX;
inline bool module_count_ok(uint64_t count) { return count <= kMaxModules; }
inline bool module_name_length_ok(uint64_t length) { return length > 0 && length < kMaxModuleNameBytes; }
inline bool module_cmdline_length_ok(uint64_t length) { return length < kMaxModuleCmdlineBytes; }

// Other CPUs: the CPU list holds at most KBUILD_MAX_CPUS (<kbuild/boot.h>); a CPU that has not
// checked in this long after its start-up IPIs is left out of it.
constexpr uint32_t kMaxCpus = 64;
constexpr uint32_t kCpuStartTimeoutMs = 100;

// PT_LOAD segments: the packed kernel's program headers fit its first page.
constexpr int kMaxSegments = 72;

// A Multiboot kernel's section header table, which its information carries whole (the
// ELF-sections tag, Multiboot1's flag 5): at most this many bytes (1024 ELF64 sections).
constexpr uint64_t kMaxMultibootSectionHeaderBytes = 64 * 1024;

}  // namespace kbuild_limits

#endif
