// The QEMU virt devices the riscv64 runtime drives (<kbuild/qemu_virt.h>), reached through the physical memory
// mapping at the offset the loader reports in the boot information.
#pragma once

#include <kbuild/boot.h>
#include <kbuild/qemu_virt.h>
#include <stdint.h>

extern "C" const kbuild_boot_info* kbuild_entry_boot_info;  // start.cpp

namespace kbuild_riscv64 {


// Where physical address `phys` is mapped: through the offset once kernel_main's boot
// information is known, physical before (nothing runs before _kbuild_start hands it over).
inline volatile uint8_t* mmio(uint64_t phys) {
  uint64_t offset = kbuild_entry_boot_info ? kbuild_entry_boot_info->physical_memory_offset : 0;
  return reinterpret_cast<volatile uint8_t*>(offset + phys);
}

inline void interrupts_off() { __asm__ volatile("csrci sstatus, 2" ::: "memory"); }

}  // namespace kbuild_riscv64
