// State shared by the riscv64 loader's files.
#pragma once
#include <stdint.h>

#include "memory_map.h"

extern MemoryMap g_memory_map;  // platform.cpp: the allocator and, at the end, the kernel's map

// entry.S: the last step, copied to a page of its own that is mapped at its physical address.
// enter_kernel(satp, entry, sp, info) switches to the kernel's page tables and jumps.
extern "C" char enter_kernel[], enter_kernel_exit_slot[], enter_kernel_trap[], enter_kernel_end[];
// secondary_entry, in the same page: where the other harts start (riscv64/smp.h).
extern "C" char secondary_entry[];
extern "C" char __loader_start[], __loader_end[];  // linker.ld
using EnterKernel = void (*)(uint64_t satp, uint64_t entry, uint64_t sp, uint64_t info);
