// The information a Multiboot2 or Multiboot1 kernel gets in EBX, written by either loader from
// what it found (shared/multiboot.h lists what is given). Firmware-neutral.
#pragma once
#include <kbuild/boot.h>
#include <stdint.h>

#include "boot_manifest.h"
#include "memory_map.h"

struct MultibootInputs {
  const kbuild_boot_manifest* manifest;
  const MemoryMap* memory;        // the final map: kbuild-owned regions count as available RAM
  kbuild_framebuffer framebuffer; // address 0: the 80x25 EGA text screen
  uint64_t rsdp_address;          // 0 when there is none
  uint64_t load_base;             // physical address of the kernel's lowest byte
  uint32_t boot_drive;            // BIOS drive number; 0xffffffff when there is none (UEFI)
};

// Upper bound of the bytes either structure takes for `memory`.
uint64_t multiboot_info_size(const MemoryMap& memory);

// Write the structure at physical `block` (below 4 GiB, multiboot_info_size bytes, 8-byte
// aligned); the kernel gets `block` in EBX.
void write_multiboot2_info(uint64_t block, const MultibootInputs& in);
void write_multiboot1_info(uint64_t block, const MultibootInputs& in);
