#include "limine_mp.h"

#include <kbuild/boot.h>

#include "cpu.h"
#include "lib.h"
#include "limine_boot.h"
#include "platform.h"

void limine_mp_prepare(limine::MpRequest* request, uint64_t rsdp, uint64_t stack_size,
                       uint64_t hhdm, LimineMp* out) {
  if (request == nullptr) return;
  smp_find_cpus(rsdp, &out->list);
  uint32_t count = out->list.count;
  uint64_t bytes = sizeof(limine::MpResponse) + count * (sizeof(limine::MpInfo) + sizeof(uint64_t));
  uint64_t block = platform_allocate(bytes, KBUILD_MEMORY_BOOT_INFO);
  memset(phys_ptr<void>(block), 0, bytes);
  out->response = phys_ptr<limine::MpResponse>(block);
  out->infos = phys_ptr<limine::MpInfo>(block + sizeof(limine::MpResponse));
  out->pointers = phys_ptr<uint64_t>(block + sizeof(limine::MpResponse) + count * sizeof(limine::MpInfo));
  if (count > 1) out->page = platform_allocate_low_page();
  if (out->page != 0) {
    out->stack_size = stack_size;
    out->stacks = platform_allocate((count - 1) * stack_size, KBUILD_MEMORY_KERNEL_STACK);
  }
  request->header.response = hhdm + block;
}

void limine_mp_start(const LimineMp& mp, const SmpHandover& handover) {
  if (mp.response == nullptr) return;
  const uint64_t hhdm = handover.offset;
  bool started[kbuild_limits::kMaxCpus] = {};
  CpuList list = cpus_to_start(mp.list, mp.page);
  smp_start(list, mp.page, handover, started);
  uint64_t listed = 0, stack = 0;
  for (uint32_t i = 0; i < list.count; ++i) {
    if (!started[i]) continue;
    limine::MpInfo* info = mp.infos + listed;
    *info = {list.cpus[i].acpi_id, list.cpus[i].apic_id, 0, 0, 0};
    uint64_t virt = hhdm + reinterpret_cast<uint64_t>(info);
    mp.pointers[listed++] = virt;
    if (i == list.bsp) continue;
    uint64_t top = hhdm + mp.stacks + (stack + 1) * mp.stack_size;
    ++stack;
    smp_release(mp.page, i, virt, virt + __builtin_offsetof(limine::MpInfo, goto_address),
                smp_own_stack_word(mp.page, handover, i, top));
  }
  bool x2apic = (cpu::read_msr(cpu::kMsrApicBase) & cpu::kApicBaseX2apic) != 0;
  *mp.response = {0, x2apic ? limine::kMpX2apic : 0, list.cpus[list.bsp].apic_id, listed,
                  hhdm + reinterpret_cast<uint64_t>(mp.pointers)};
}

void limine_start_cpus(const LimineHandoff& handoff) {
  limine_mp_start(handoff.mp, {handoff.cr3, handoff.gdtr, limine::kCodeSelector64,
                               limine::kDataSelector64, limine::kHhdmOffset4Level,
                               handoff.stack.entry_page});
}
