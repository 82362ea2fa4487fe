// The boot information block handed to the kernel (include/kbuild/boot.h) and the manifest
// checks both loaders make.
#pragma once
#include <kbuild/boot.h>
#include <stdint.h>

#include "address_space.h"
#include "boot_manifest.h"
#include "kernel.h"
#include "memory_map.h"
#include "modules.h"

// Fails the boot on a manifest this loader cannot follow.
void check_manifest(const kbuild_boot_manifest& manifest);

// Bytes of one block of type BOOT_INFO for a memory map of up to `map_capacity` entries: the
// info, kbuild's GDT and its descriptor, the command line, the modules list with its strings,
// the memory map.
uint64_t boot_info_block_size(uint64_t map_capacity);

struct BootInfoInputs {
  const kbuild_boot_manifest* manifest;
  const Kernel* kernel;
  uint64_t kernel_file_size;  // bytes of the packed file
  Stack stack;
  kbuild_framebuffer framebuffer;
  uint64_t rsdp_address;
  uint32_t firmware;  // KBUILD_FIRMWARE_*
  uint64_t efi_system_table;
  uint64_t dtb;          // physical; 0 where there is none (x86_64)
  uint64_t boot_cpu_id;  // x86_64: the local APIC id; riscv64: the hart id
  const Modules* modules;
};

// Fills the block at physical `block` (sized by boot_info_block_size) with `map` as the final
// memory map. Returns the virtual address of the GDT descriptor for enter_kernel.
uint64_t write_boot_info(uint64_t block, uint64_t map_capacity, const MemoryMap& map,
                         const BootInfoInputs& in);
