#include "boot.h"

#include "../common/console.h"
#include "../common/lib.h"
#include "../common/platform.h"
#include "../shared/boot_limits.h"
#include "../shared/kernel_rules.h"
#include "paging.h"

extern "C" char loader_vectors[], loader_vectors_end[];
extern "C" [[noreturn]] void enter_kernel(uint64_t ttbr1, uint64_t ttbr0, uint64_t mair, uint64_t tcr,
                                          uint64_t entry, uint64_t stack_top, uint64_t info, uint64_t vbar);

namespace a64 {
namespace {

constexpr uint64_t kHigherHalf = kbuild_rules::kAarch64HigherHalf;

bool holds_ram(const MemoryMap& map, uint64_t base, uint64_t end) {
  for (int i = 0; i < map.count(); ++i)
    if (map[i].type != KBUILD_MEMORY_RESERVED && map[i].base < end && base < map[i].end) return true;
  return false;
}

// All physical memory, 0 to max(4 GiB, the end of RAM), at `offset` in 2 MiB blocks: RAM as
// normal memory, the rest (virt's MMIO below 1 GiB) as device memory; never executable.
uint64_t map_physical_memory(const MemoryMap& map, uint64_t offset, PageTables* tables) {
  uint64_t size = align_up(map.ram_end(), kGiB);
  if (size < 4 * kGiB) size = 4 * kGiB;
  if (offset + size - 1 < offset) fail("physical_memory_offset is too high for the RAM");
  for (uint64_t p = 0; p < size; p += kLargePageSize) {
    uint64_t type = holds_ram(map, p, p + kLargePageSize) ? 0 : kPageDevice;
    tables->map_2m(offset + p, p, type | kPageWritable | kPageNoExecute, "the physical memory mapping");
  }
  return size;
}

uint64_t l0_slot(uint64_t virt) { return (virt >> 39) & 511; }

}  // namespace

void check_manifest_aarch64(const kbuild_boot_manifest& m) {
  if (m.physical_memory_offset < kHigherHalf)
    Message().str("physical_memory_offset ").hex(m.physical_memory_offset).str(" is not in aarch64's higher half (0xffff000000000000 and up)").fail();
  if (m.protocol != KBUILD_PROTOCOL_KBUILD) fail("the kernel speaks a boot protocol the aarch64 loader does not (only kbuild's)");
}

AddressSpace build_address_space(const kbuild_boot_manifest& m, Kernel* kernel, const MemoryMap& map) {
  AddressSpace space = {};
  PageTables tables(KBUILD_MEMORY_PAGE_TABLES, true);
  kernel_map(kernel, &tables);
  uint64_t offset = m.physical_memory_offset;
  uint64_t mapped = map_physical_memory(map, offset, &tables);

  // The stack in a top-level slot of its own, a guard page below it and the exception vectors
  // a page above it.
  bool used[512] = {};
  for (int i = 0; i < kernel->count; ++i)
    for (uint64_t k = l0_slot(kernel->segments[i].vaddr); k <= l0_slot(kernel->segments[i].vaddr + kernel->segments[i].memsz - 1); ++k) used[k] = true;
  for (uint64_t k = l0_slot(offset); k <= l0_slot(offset + mapped - 1); ++k) used[k] = true;
  int slot = -1;
  for (int k = 510; k >= 256 && slot < 0; --k)
    if (!used[k]) slot = k;
  if (slot < 0) fail("no free virtual space for the kernel stack");
  uint64_t stack_bottom = (kHigherHalf | uint64_t(slot) << 39) + kPageSize;  // above the guard page
  space.stack_top = stack_bottom + m.stack_size;
  uint64_t stack = platform_allocate(m.stack_size, KBUILD_MEMORY_KERNEL_STACK);
  memset(phys_ptr<void>(stack), 0, m.stack_size);
  for (uint64_t i = 0; i < m.stack_size; i += kPageSize)
    tables.map_4k(stack_bottom + i, stack + i, kPageWritable | kPageNoExecute, "the stack");
  uint64_t vectors = platform_allocate(kPageSize, KBUILD_MEMORY_BOOTLOADER);
  if (uint64_t(loader_vectors_end - loader_vectors) > kPageSize) fail("the vectors outgrew their page");
  memset(phys_ptr<void>(vectors), 0, kPageSize);
  memcpy(phys_ptr<void>(vectors), loader_vectors, uint64_t(loader_vectors_end - loader_vectors));
  space.vectors = space.stack_top + kPageSize;
  tables.map_4k(space.vectors, vectors, 0, "the exception vectors");
  space.ttbr1 = tables.pml4();

  // The identity map the switch runs on: the RAM this code is in. Switched off before the
  // kernel's first instruction (leave_identity in enter_kernel.S).
  PageTables identity(KBUILD_MEMORY_PAGE_TABLES, true);
  for (uint64_t p = 0; p < map.ram_end(); p += kLargePageSize)
    if (holds_ram(map, p, p + kLargePageSize)) identity.map_2m(p, p, kPageWritable, "the identity map");
  space.ttbr0 = identity.pml4();

  uint64_t mmfr0;
  __asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
  uint64_t ips = mmfr0 & 0xf;
  if (ips > 5) ips = 5;
  space.mair = kMair;
  space.tcr = 16 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (0ull << 14)  // TTBR0: 48 bits, WB, inner shareable, 4 KiB
              | (16ull << 16) | (1ull << 24) | (1ull << 26) | (3ull << 28) | (2ull << 30)  // TTBR1 likewise
              | (ips << 32);
  return space;
}

uint64_t boot_cpu_id() {
  uint64_t mpidr;
  __asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
  return mpidr & 0xff00ffffffull;  // Aff3, Aff2, Aff1, Aff0
}

void enter(const AddressSpace& space, uint64_t entry, uint64_t info) {
  enter_kernel(space.ttbr1, space.ttbr0, space.mair, space.tcr, entry, space.stack_top, info, space.vectors);
}

}  // namespace a64
