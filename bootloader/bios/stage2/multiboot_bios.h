// The BIOS loader's Multiboot path: from the placed kernel to its 32-bit entry.
#pragma once
#include "boot_manifest.h"
#include "kernel.h"
#include "memory_map.h"
#include "modules.h"

[[noreturn]] void boot_multiboot(const kbuild_boot_manifest& manifest, const Kernel& kernel,
                                 MemoryMap* memory, const Modules& modules);
