// The kernel's address space beyond its segments: all physical memory at the offset, the stack
// with its guard page, and the last step into the kernel.
#pragma once
#include <stdint.h>

#include "gdt.h"
#include "kernel.h"
#include "paging.h"

extern "C" char enter_kernel[], enter_kernel_end[];  // enter_kernel.S

struct Stack {
  uint64_t entry_page;  // where enter_kernel runs: the slot's first page, then the guard page
  uint64_t top;
};

// Maps 0..max(4 GiB, ram_end) read/write, no-execute at `offset` with 2 MiB pages; returns the
// size mapped.
uint64_t map_physical_memory(PageTables* tables, uint64_t offset, uint64_t ram_end);

// The stack goes in a PML4 slot nothing else uses:
//   [enter_kernel's page][guard page, unmapped][stack ... top]
Stack map_stack(PageTables* tables, const Kernel& kernel, uint64_t stack_size, uint64_t offset,
                uint64_t phys_map_size);

// EFER.NXE (when the CPU has it) and CR0.WP: read-only pages stay read-only in ring 0. Also
// turns the caches on (CR0.CD and CR0.NW clear).
void enable_page_protection(bool nx);

// How enter_kernel.S enters (its `how` argument): the code and data selectors of the GDT at
// `gdtr`, and whether a zero return address is pushed.
constexpr uint64_t enter_how(uint16_t code, uint16_t data, bool push_zero_return) {
  return uint64_t{code} | uint64_t{data} << 16 | uint64_t{push_zero_return} << 32;
}
constexpr uint64_t kEnterKbuild = enter_how(KBUILD_GDT_CODE64, KBUILD_GDT_DATA, false);

// Jumps to stack.entry_page, which must be mapped at that address in the current page tables
// too: enter_kernel.S switches to `cr3`, the GDT at `gdtr` and the stack, clears the registers
// and jumps to `entry` with rdi = `info`.
[[noreturn]] void enter_kernel_at(const Stack& stack, uint64_t cr3, uint64_t entry, uint64_t info,
                                  uint64_t gdtr, uint64_t how = kEnterKbuild);
