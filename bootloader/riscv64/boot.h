// The riscv64 steps both ways in share (the direct loader's main.cpp and BOOTRISCV64.EFI's
// uefi_main.cpp): the manifest's checks, then the kernel in memory, its Sv39 tables, the stack,
// the boot information and the jump. The only riscv64 mapping code: paging.cpp holds the tables.
#pragma once
#include <stdint.h>

#include "boot_manifest.h"
#include "fdt.h"
#include "kernel.h"

namespace rv64 {

// The protocols riscv64 boots (the rest of the manifest is common/'s check_manifest).
void check_protocol(const kbuild_boot_manifest& manifest);

struct Handoff {
  const kbuild_boot_manifest* manifest;
  Kernel* kernel;                // parsed, its homes claimed, its file in memory
  const DeviceTreeFacts* tree;   // the other harts come from its /cpus
  uint64_t dtb, hart_id;
  uint32_t firmware;  // KBUILD_FIRMWARE_*
  uint64_t efi_system_table;
  // Called after the last allocation, before the memory map goes into the boot information
  // (UEFI: ExitBootServices and the final map); null when there is no firmware to leave.
  void (*leave_firmware)();
};

// g_memory_map (riscv64_loader.h) must describe RAM; platform_allocate serves the pages.
[[noreturn]] void boot_kernel(const Handoff& handoff);

}  // namespace rv64
