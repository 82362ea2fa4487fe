// The other CPUs (x86_64): found in the ACPI MADT, started through the local APIC into the
// start-up page (smp_trampoline.S) and parked in long mode on the kernel's page tables
// (enter_kernel.S's park_cpu), for any protocol to hand over in its own structures.
//
// Order: smp_find_cpus early (it reads ACPI only); the start-up page from
// platform_allocate_low_page before the memory map is final; smp_start as the last thing before
// the jump, on tables that identity-map the start-up page and map the park loop (the loader's
// switch tables); then smp_release for each CPU that checked in.
#pragma once
#include <stdint.h>

#include "boot_limits.h"

struct CpuEntry {
  uint32_t apic_id;
  uint32_t acpi_id;  // the MADT's processor UID
};

struct CpuList {
  uint32_t count = 0;  // the boot CPU included
  uint32_t bsp = 0;    // its index
  CpuEntry cpus[kbuild_limits::kMaxCpus];
};

// The enabled CPUs of the MADT under `rsdp` (physical; 0: none), the boot CPU always among
// them (alone when there is no MADT). More than kMaxCpus: the first ones, with a note on COM1.
void smp_find_cpus(uint64_t rsdp, CpuList* out);

// What the parked CPUs take over: the state the boot CPU enters the kernel with.
struct SmpHandover {
  uint64_t kernel_cr3;
  uint64_t gdtr;  // virtual address of the kernel's GDT descriptor
  uint16_t code_selector, data_selector;
  uint64_t offset;     // where physical memory is mapped in the kernel's tables
  uint64_t park_page;  // virtual address of enter_kernel's page (map_stack's entry_page)
};

// The CPUs a handover lists: all of `list`, or the boot CPU alone when there is no start-up page
// (`page` 0: none could be had, or there is no other CPU).
CpuList cpus_to_start(const CpuList& list, uint64_t page);

// Starts every CPU of `list` but the boot CPU from the start-up page at physical `page`, and
// waits (kCpuStartTimeoutMs at most) for each to park. started[i] says which did; a CPU that did
// not is named in a note on COM1. Call it with CR0, CR4, EFER and the PAT final.
void smp_start(const CpuList& list, uint64_t page, const SmpHandover& handover, bool* started);

// Lets CPU `index` of the list go on: it enters with rdi = `info` once the word at virtual
// `goto_word` is nonzero, rsp loaded from the word at virtual `stack_word`.
void smp_release(uint64_t page, uint32_t index, uint64_t info, uint64_t goto_word, uint64_t stack_word);

// The virtual address of a word in CPU `index`'s slot that holds `stack_top`, for protocols
// whose loader provides the stack (Limine).
uint64_t smp_own_stack_word(uint64_t page, const SmpHandover& handover, uint32_t index, uint64_t stack_top);

// kbuild's own contract (kbuild_boot_info.cpus): the CPUs, the start-up page and the list's
// memory (type BOOT_INFO), taken before the memory map is final.
struct KbuildCpus {
  CpuList list;
  uint64_t page = 0;   // 0 when only the boot CPU is listed
  uint64_t array = 0;  // physical: struct kbuild_cpu[list.count]
};
void smp_prepare_kbuild(uint64_t rsdp, KbuildCpus* out);

// The last step before the jump: starts the CPUs, lists those that parked in the kbuild_cpu
// array and sets cpus and cpu_count in the boot information at physical `info`.
void smp_enter_kbuild(const KbuildCpus& cpus, const SmpHandover& handover, uint64_t info);
