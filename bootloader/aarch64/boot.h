// The aarch64 loader's own steps, shared by both ways in (the direct loader, main.cpp, and
// BOOTAA64.EFI, uefi_main.cpp): what common/ leaves to each architecture. The manifest's
// aarch64 rules, the kernel's TTBR1 address space and the identity map the switch runs on,
// and the switch itself.
#pragma once
#include <kbuild/boot.h>

#include "../common/kernel.h"
#include "../common/memory_map.h"
#include "../shared/boot_manifest.h"

namespace a64 {

// On top of common/'s check_manifest: the offset in TTBR1's half, kbuild's protocol only.
void check_manifest_aarch64(const kbuild_boot_manifest& m);

struct AddressSpace {
  uint64_t ttbr1;      // the kernel's tables
  uint64_t ttbr0;      // the identity map of RAM the switch runs on
  uint64_t stack_top;  // virtual, in TTBR1
  uint64_t vectors;    // virtual: the loader's exception vectors, a page above the stack
  uint64_t mair, tcr;  // the translation state every CPU takes
};

// The kernel's segments (common/kernel.h's kernel_map), all physical memory at the manifest's
// offset (RAM, which is `map`'s regions but the reserved ones, as normal memory, the rest as
// device memory), the stack with its guard page and the vectors in a top-level slot of their
// own, and the identity map. Tables and pages come from platform_allocate.
AddressSpace build_address_space(const kbuild_boot_manifest& m, Kernel* kernel, const MemoryMap& map);

// MPIDR_EL1's affinity fields (Aff3, Aff2, Aff1, Aff0): the boot CPU's id in the boot information.
uint64_t boot_cpu_id();

// With the MMU off: MAIR/TCR/TTBR0/TTBR1/VBAR, the MMU and caches on, and the kernel's
// `entry` with x0 = `info` (virtual) on `space`'s stack (enter_kernel.S).
[[noreturn]] void enter(const AddressSpace& space, uint64_t entry, uint64_t info);

}  // namespace a64
