// The aarch64 loader's steps after the kernel file is in RAM, shared by both ways in (the direct
// loader, main.cpp, and BOOTAA64.EFI, uefi_main.cpp): the manifest and kernel checks, then the
// kernel's tables, stack, vectors and boot information, and the jump. Runs with the MMU off.
#pragma once
#include <kbuild/boot.h>

#include "../shared/boot_manifest.h"
#include "../shared/kernel_rules.h"
#include "memory.h"

namespace a64 {

struct Kernel {
  kbuild_rules::Segment segments[kbuild_rules::kMaxSegments];
  int count = 0;
  uint64_t entry = 0;
  uint64_t virtual_base = ~0ull, physical_base = 0;
};

// The manifest's fields the aarch64 loader acts on; fails the boot with one line.
void check_manifest(const kbuild_boot_manifest& m);
// The packed kernel at physical `file` (`file_size` bytes) by kernel_rules.h; fills `k`.
void check_kernel(uint64_t file, uint64_t file_size, Kernel* k);

// What the way in found, for the boot information.
struct Handoff {
  const kbuild_boot_manifest* manifest;
  uint64_t file;      // the packed kernel (physical), manifest->kernel_bytes long
  uint64_t dtb;       // the device tree (physical)
  uint32_t firmware;  // KBUILD_FIRMWARE_*, 0 for none
  uint64_t efi_system_table, rsdp;
  kbuild_framebuffer framebuffer;
};

// The kernel's segments, all physical memory at the offset, the stack with its guard page, the
// vectors, the boot information with `memory`'s final map, and enter_kernel.
[[noreturn]] void boot_kernel(const Handoff& handoff, const Kernel& kernel, Memory* memory);

}  // namespace a64
