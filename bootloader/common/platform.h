// What each firmware's loader (bios/, uefi/) provides to the firmware-neutral code in common/.
#pragma once
#include <stdint.h>

// `size` bytes (rounded up to pages) of RAM below 4 GiB, recorded with kbuild memory type
// `type`. Fails the boot when there is none.
uint64_t platform_allocate(uint64_t size, uint32_t type);

// Takes the pages [base, end) at exactly that address, recorded as `type`. False when that
// memory is not free RAM.
bool platform_claim(uint64_t base, uint64_t end, uint32_t type);

// One page below 1 MiB for the other CPUs' start-up code (the SIPI's vector addresses it),
// marked BOOTLOADER; 0 when there is none. BIOS: a fixed page of the loader's low memory.
uint64_t platform_allocate_low_page();

// The error line's second output, beside COM1: the BIOS screen, or UEFI's ConOut while boot
// services last.
void platform_console_write(const char* text);

// The module table's manifest.module_count entries (boot_manifest.h), and module `index`'s
// entry.size bytes to physical `dest`; each fails the boot when it cannot read.
struct kbuild_boot_manifest;
struct kbuild_module_entry;
void platform_read_module_table(const kbuild_boot_manifest& manifest, kbuild_module_entry* table);
void platform_read_module(uint32_t index, const kbuild_module_entry& entry, uint64_t dest);
