#include "address_space.h"

#include <kbuild/boot.h>

#include "console.h"
#include "cpu.h"
#include "lib.h"
#include "platform.h"

namespace {

constexpr int kFirstHigherHalfSlot = 256;
constexpr uint64_t kHigherHalfSignExtension = 0xffff000000000000ULL;

// The System V convention on both targets (the UEFI side's default is Microsoft's).
using EnterKernel = __attribute__((sysv_abi)) void (*)(uint64_t cr3, uint64_t entry, uint64_t rsp,
                                                       uint64_t info, uint64_t gdtr, uint64_t how);

}  // namespace

uint64_t map_physical_memory(PageTables* tables, uint64_t offset, uint64_t ram_end) {
  uint64_t size = align_up(ram_end, kGiB);
  if (size < 4 * kGiB) size = 4 * kGiB;
  if (offset != 0 && offset + size - 1 < offset)
    fail("physical_memory_offset too high for the RAM");
  for (uint64_t p = 0; p < size; p += kLargePageSize) {
    tables->map_2m(offset + p, p, kPageWritable | kPageNoExecute, "the physical memory mapping");
  }
  return size;
}

Stack map_stack(PageTables* tables, const Kernel& kernel, uint64_t stack_size, uint64_t offset,
                uint64_t phys_map_size) {
  bool used[kPageTableEntries] = {};
  used[0] = true;  // the loader's identity map lives there until the switch
  for (int i = 0; i < kernel.count; ++i) {
    const Segment& s = kernel.segments[i];
    for (int k = pml4_slot(s.vaddr); k <= pml4_slot(s.vaddr + s.memsz - 1); ++k) used[k] = true;
  }
  for (int k = pml4_slot(offset); k <= pml4_slot(offset + phys_map_size - 1); ++k) used[k] = true;
  int slot = -1;  // the higher half first, from the top (the last slot is often the kernel's)
  for (int k = kPageTableEntries - 2; k >= 1 && slot < 0; --k) {
    if (!used[k]) slot = k;
  }
  if (slot < 0) fail("no free virtual space for the kernel stack");
  uint64_t base =
      (slot >= kFirstHigherHalfSlot ? kHigherHalfSignExtension : 0) | (uint64_t(slot) << kPml4Shift);

  uint64_t phys = platform_allocate(stack_size, KBUILD_MEMORY_KERNEL_STACK);
  memset(phys_ptr<void>(phys), 0, stack_size);
  uint64_t bottom = base + 2 * kPageSize;
  for (uint64_t i = 0; i < stack_size; i += kPageSize) {
    tables->map_4k(bottom + i, phys + i, kPageWritable | kPageNoExecute, "the stack");
  }
  uint64_t code = platform_allocate(kPageSize, KBUILD_MEMORY_BOOTLOADER);
  memcpy(phys_ptr<void>(code), enter_kernel, enter_kernel_end - enter_kernel);
  tables->map_4k(base, code, 0, "the loader's last page");
  return {base, bottom + stack_size};
}

void enable_page_protection(bool nx) {
  if (nx) cpu::write_msr(cpu::kMsrEfer, cpu::read_msr(cpu::kMsrEfer) | cpu::kEferNxe);
  // Caches on, whatever the firmware left: CD and NW clear (a no-op on firmwares that did so).
  cpu::write_cr0((cpu::read_cr0() | cpu::kCr0WriteProtect) &
                 ~(cpu::kCr0CacheDisable | cpu::kCr0NotWriteThrough));
}

void enter_kernel_at(const Stack& stack, uint64_t cr3, uint64_t entry, uint64_t info,
                     uint64_t gdtr, uint64_t how) {
  auto enter = reinterpret_cast<EnterKernel>(stack.entry_page);
  enter(cr3, entry, stack.top, info, gdtr, how);
  __builtin_unreachable();
}
