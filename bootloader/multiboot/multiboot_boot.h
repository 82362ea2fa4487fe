// Handing over to a Multiboot2 or Multiboot1 kernel: what both loaders do once the packed
// kernel's segments (src/image/multiboot_kernel.h: the kernel, and its section headers and
// symbols when it has them) are read to their physical homes.
#pragma once
#include <stdint.h>

#include "boot_manifest.h"
#include "kernel.h"
#include "memory_map.h"
#include "modules.h"
#include "multiboot_info.h"

// Copies what is not at home yet and zeroes the .bss.
void multiboot_place(const Kernel& kernel);

// What both firmwares give alike: the manifest, the final map, the modules, the load base; the
// caller adds the screen, the RSDP and its firmware's own.
MultibootInputs multiboot_inputs(const kbuild_boot_manifest& manifest, const Kernel& kernel,
                                 const MemoryMap* memory, const Modules& modules);

// Writes the manifest's protocol's information at `block` (multiboot_info_size bytes) and enters
// the kernel with its magic in EAX and `block` in EBX.
[[noreturn]] void multiboot_enter(const Kernel& kernel, uint64_t block, const MultibootInputs& in);

// enter_multiboot.S: 32-bit protected mode, paging off, EAX = magic, EBX = info.
// System V convention on both loaders (the UEFI one is compiled for the Microsoft x64 ABI).
extern "C" [[noreturn]] __attribute__((sysv_abi)) void enter_multiboot(uint32_t entry, uint32_t magic,
                                                                      uint32_t info);
