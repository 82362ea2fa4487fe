// The Limine MP request: the CPUs common/smp.* starts and parks, handed over as the protocol's
// MpResponse, every CPU but the boot CPU on a stack the loader gives it.
#pragma once
#include <stdint.h>

#include "limine_protocol.h"
#include "smp.h"

struct LimineMp {
  limine::MpResponse* response = nullptr;  // null when the kernel did not ask
  limine::MpInfo* infos = nullptr;         // one per listed CPU
  uint64_t* pointers = nullptr;            // the cpus array
  CpuList list;
  uint64_t page = 0;    // the start-up page; 0 when only the boot CPU is listed
  uint64_t stacks = 0;  // physical: stack_size bytes per CPU but the boot CPU
  uint64_t stack_size = 0;
};

// Before the memory map is final: the CPUs, the start-up page, the stacks and the response's
// memory (type BOOT_INFO), and the request answered with its address through `hhdm`.
void limine_mp_prepare(limine::MpRequest* request, uint64_t rsdp, uint64_t stack_size,
                       uint64_t hhdm, LimineMp* out);

// The last step before the jump: starts the CPUs, fills the response with those that parked.
void limine_mp_start(const LimineMp& mp, const SmpHandover& handover);
