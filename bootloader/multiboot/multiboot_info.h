// The information a Multiboot2 or Multiboot1 kernel gets in EBX, written by either loader from
// what it found (shared/multiboot.h lists what is given). Firmware-neutral.
#pragma once
#include <kbuild/boot.h>
#include <stdint.h>

#include "boot_manifest.h"
#include "memory_map.h"
#include "modules.h"

struct MultibootInputs {
  const kbuild_boot_manifest* manifest;
  const MemoryMap* memory;        // the final map: kbuild-owned regions count as available RAM
  const Modules* modules;         // page aligned, so every module alignment a kernel asks holds
  kbuild_framebuffer framebuffer; // address 0: the 80x25 EGA text screen
  uint64_t rsdp_address;          // 0 when there is none
  uint64_t load_base;             // physical address of the kernel's lowest byte
  uint32_t boot_drive;            // BIOS drive number; 0xffffffff when there is none (UEFI)
  bool ega_text;                  // without a framebuffer, the EGA text screen is there (BIOS)
  // UEFI: the system table and the firmware's final memory map (0: none, under BIOS).
  uint64_t efi_system_table;
  uint64_t efi_map, efi_map_size, efi_descriptor_size;
  uint32_t efi_descriptor_version;
  // The kernel's section header table where the loader placed it (0: none), as the packed ELF
  // header describes it (src/image/multiboot_kernel.h).
  uint64_t sections_table;
  uint32_t sections_count, sections_entry_size, sections_names_index;
};

// Upper bound of the bytes either structure takes for a map of up to `map_entries` entries and
// an EFI memory map of up to `efi_map_bytes`.
uint64_t multiboot_info_size(uint64_t map_entries, uint64_t efi_map_bytes);

// Write the structure at physical `block` (below 4 GiB, multiboot_info_size bytes, 8-byte
// aligned); the kernel gets `block` in EBX.
void write_multiboot2_info(uint64_t block, const MultibootInputs& in);
void write_multiboot1_info(uint64_t block, const MultibootInputs& in);
