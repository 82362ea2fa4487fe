// The UEFI loader's Multiboot path: boot services exited first, as GRUB does, then the same
// 32-bit entry as under BIOS.
#pragma once
#include "boot_manifest.h"
#include "kernel.h"
#include "memory_map.h"
#include "modules.h"

[[noreturn]] void boot_multiboot(const kbuild_boot_manifest& manifest, const Kernel& kernel,
                                 MemoryMap* memory, const Modules& modules, uint64_t system_table);
