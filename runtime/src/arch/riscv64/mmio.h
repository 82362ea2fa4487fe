// The QEMU virt devices the riscv64 runtime drives, reached through the physical memory
// mapping at the offset the loader reports in the boot information.
#pragma once

#include <kbuild/boot.h>
#include <stdint.h>

extern "C" const kbuild_boot_info* kbuild_entry_boot_info;  // start.cpp

namespace kbuild_riscv64 {

constexpr uint64_t kUart = 0x10000000;       // NS16550A, registers one byte apart (reg-shift 0)
constexpr uint64_t kSifiveTest = 0x100000;   // sifive_test: the exit device of QEMU's virt
constexpr uint32_t kTestPass = 0x5555;       // QEMU exits with status 0
constexpr uint32_t kTestFail = 0x3333;       // QEMU exits with status (value >> 16)

// Where physical address `phys` is mapped: through the offset once kernel_main's boot
// information is known, physical before (nothing runs before _kbuild_start hands it over).
inline volatile uint8_t* mmio(uint64_t phys) {
  uint64_t offset = kbuild_entry_boot_info ? kbuild_entry_boot_info->physical_memory_offset : 0;
  return reinterpret_cast<volatile uint8_t*>(offset + phys);
}

inline void interrupts_off() { __asm__ volatile("csrci sstatus, 2" ::: "memory"); }

}  // namespace kbuild_riscv64
