#include "boot.h"

#include <kbuild/boot.h>

#include "address_space.h"
#include "boot_info.h"
#include "console.h"
#include "devices.h"
#include "kernel.h"
#include "lib.h"
#include "memory_map.h"
#include "modules.h"
#include "paging.h"
#include "platform.h"
#include "riscv64_loader.h"
#include "smp.h"
#include "sv39.h"

namespace rv64 {
namespace {

constexpr uint64_t kMapCapacity = 256;  // memory map entries the boot information has room for

uint64_t check_offset(uint64_t offset, uint64_t ram_end, uint64_t* size) {
  *size = align_up(ram_end, kGiB);
  if (*size < 4 * kGiB) *size = 4 * kGiB;
  bool ok = offset % kGiB == 0 && sv39::valid(offset) && offset + *size - 1 > offset &&
            sv39::valid(offset + *size - 1) && (offset == 0 || offset >= sv39::kHigherHalf);
  if (!ok) {
    Message().str("physical_memory_offset ").hex(offset).str(
        " does not fit Sv39: use 0 or a 1 GiB-aligned address from 0xffffffc000000000 (the "
        "riscv64 default)").fail();
  }
  return offset;
}

// All physical memory at `offset` (2 MiB pages, read/write, no execute). With offset 0 the
// 2 MiB around `entry_page` is mapped in 4 KiB pages, so that page can be executable.
void map_physical_memory_sv39(PageTables* tables, uint64_t offset, uint64_t size, uint64_t entry_page) {
  for (uint64_t p = 0; p < size; p += kLargePageSize) {
    if (offset == 0 && align_down(entry_page, kLargePageSize) == p) {
      for (uint64_t q = p; q < p + kLargePageSize; q += kPageSize) {
        tables->map_4k(q, q, q == entry_page ? 0 : kPageWritable | kPageNoExecute, "the physical memory mapping");
      }
      continue;
    }
    tables->map_2m(offset + p, p, kPageWritable | kPageNoExecute, "the physical memory mapping");
  }
}

// The stack in a root slot (1 GiB) of its own in the upper half: [guard page][stack ... top].
Stack map_stack_sv39(PageTables* tables, const Kernel& kernel, uint64_t stack_size, uint64_t offset,
                     uint64_t map_size, uint64_t entry_page) {
  bool used[512] = {};
  for (int i = 0; i < kernel.count; ++i) {
    const Segment& s = kernel.segments[i];
    for (int k = sv39::root_slot(s.vaddr); k <= sv39::root_slot(s.vaddr + s.memsz - 1); ++k) used[k] = true;
  }
  for (int k = sv39::root_slot(offset); k <= sv39::root_slot(offset + map_size - 1); ++k) used[k] = true;
  used[sv39::root_slot(entry_page)] = true;
  int slot = -1;
  for (int k = 510; k >= 256 && slot < 0; --k) {
    if (!used[k]) slot = k;
  }
  if (slot < 0 || stack_size > kGiB - kPageSize) fail("no free virtual space for the kernel stack");
  uint64_t phys = platform_allocate(stack_size, KBUILD_MEMORY_KERNEL_STACK);
  memset(phys_ptr<void>(phys), 0, stack_size);
  uint64_t bottom = sv39::slot_base(slot) + kPageSize;  // the guard page stays unmapped
  for (uint64_t i = 0; i < stack_size; i += kPageSize)
    tables->map_4k(bottom + i, phys + i, kPageWritable | kPageNoExecute, "the stack");
  return {entry_page, bottom + stack_size};
}

}  // namespace

void check_protocol(const kbuild_boot_manifest& m) {
  if (m.protocol != KBUILD_PROTOCOL_KBUILD)
    fail("the Limine and Multiboot protocols are x86_64 only; riscv64 kernels use <kbuild/boot.h>");
}

[[noreturn]] void boot_kernel(const Handoff& h) {
  const kbuild_boot_manifest& m = *h.manifest;
  Kernel& kernel = *h.kernel;
  Modules modules;
  load_modules(m, &modules);

  uint64_t offset = m.physical_memory_offset, map_size = 0;
  check_offset(offset, g_memory_map.ram_end(), &map_size);

  // The last step's page: the copy of enter_kernel, its exit slot filled in.
  uint64_t entry_page = platform_allocate(kPageSize, KBUILD_MEMORY_BOOTLOADER);
  memset(phys_ptr<void>(entry_page), 0, kPageSize);
  memcpy(phys_ptr<void>(entry_page), enter_kernel, enter_kernel_end - enter_kernel);
  uint64_t exit_slot = entry_page + (enter_kernel_exit_slot - enter_kernel);
  *phys_ptr<uint64_t>(exit_slot) = offset + virt::kSifiveTest;

  PageTables tables(KBUILD_MEMORY_PAGE_TABLES, true);
  kernel_map(&kernel, &tables);
  map_physical_memory_sv39(&tables, offset, map_size, entry_page);
  if (offset != 0) tables.map_4k(entry_page, entry_page, 0, "the loader's last page");
  Stack stack = map_stack_sv39(&tables, kernel, m.stack_size, offset, map_size, entry_page);

  static Harts harts;  // in .bss: the loader's stack stays small
  smp_prepare(*h.tree, h.hart_id, &harts);
  uint64_t block = platform_allocate(boot_info_block_size(kMapCapacity), KBUILD_MEMORY_BOOT_INFO);
  if (h.leave_firmware) h.leave_firmware();
  BootInfoInputs in = {};
  in.manifest = &m;
  in.kernel = &kernel;
  in.kernel_file_size = kernel.file_bytes;
  in.stack = stack;
  in.firmware = h.firmware;
  in.efi_system_table = h.efi_system_table;
  in.dtb = h.dtb;
  in.boot_cpu_id = h.hart_id;
  in.modules = &modules;
  write_boot_info(block, kMapCapacity, g_memory_map, in);
  uint64_t satp = sv39::kSatpModeSv39 | tables.pml4() >> 12;
  smp_start(harts, satp, entry_page + (secondary_entry - enter_kernel), offset, block);

  asm volatile("fence.i" ::: "memory");  // the copied code and the kernel's text, visible to fetch
  auto enter = reinterpret_cast<EnterKernel>(entry_page);
  enter(satp, kernel.entry, stack.top, offset + block);
  __builtin_unreachable();
}

}  // namespace rv64
