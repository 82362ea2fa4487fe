// A Limine kernel's address space: the kernel physically contiguous at its link address, the
// direct map of physical memory (write-combining over the framebuffer), and for base revision 0
// the identity map of the first 4 GiB.
#pragma once
#include <stdint.h>

#include "kernel.h"
#include "paging.h"

// Copies every segment into one block of KERNEL memory (the file buffer must be at
// kernel->file_address), zeroes .bss, maps each segment with its permissions, and sets
// kernel->virtual_base/physical_base. Returns the block's size.
uint64_t limine_load_kernel(Kernel* kernel, PageTables* tables);

// Maps 0..max(4 GiB, ram_end) at `offset` with 2 MiB pages, read, write, execute as the protocol
// says; the pages overlapping [fb_base, fb_end) use PAT entry 5, write-combining. Returns the
// size mapped.
uint64_t limine_map_direct(PageTables* tables, uint64_t offset, uint64_t ram_end,
                           uint64_t fb_base, uint64_t fb_end);

// Base revision 0: 0x1000..4 GiB at the same virtual addresses.
void limine_map_identity(PageTables* tables);

// The PAT layout the protocol defines: WB, WT, UC-, UC, WP, WC, UC-, UC.
void limine_set_pat();
