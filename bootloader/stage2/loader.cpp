// The 64-bit loader: from the boot manifest to the kernel's entry point. loader_main reads as
// the list of steps; everything it allocates is carved out of the memory map it hands over.
#include <kbuild/boot.h>

#include "boot_manifest.h"
#include "console.h"
#include "kernel.h"
#include "lib.h"
#include "memory_layout.h"
#include "memory_map.h"
#include "paging.h"
#include "rsdp.h"
#include "vbe.h"

extern "C" char enter_kernel[], enter_kernel_end[];  // enter_kernel.S
extern "C" uint64_t loader_gdt[], loader_gdt_end[];  // entry.S

namespace {

MemoryMap memory;
Kernel kernel;

struct GdtDescriptor {
  uint16_t limit;
  uint64_t base;
} __attribute__((packed));

struct Stack {
  uint64_t entry_page;  // where enter_kernel runs: the slot's first page, then the guard page
  uint64_t top;
};

int pml4_slot(uint64_t virt) { return (virt >> 39) & 511; }

kbuild_boot_manifest read_manifest() {
  kbuild_boot_manifest m;
  memcpy(&m, phys_ptr<void>(KBUILD_MANIFEST_ADDRESS), sizeof(m));
  if (m.version != KBUILD_MANIFEST_VERSION) {
    Message()
        .str("boot manifest version ")
        .dec(m.version)
        .str(", this loader reads version ")
        .dec(KBUILD_MANIFEST_VERSION)
        .fail();
  }
  if (m.stack_size < 64 * 1024 || m.stack_size % kPageSize)
    fail("bad stack size in the boot manifest");
  uint64_t offset = m.physical_memory_offset;
  if (offset % (2 * kMiB) || (offset != 0 && pml4_slot(offset) == 0)) {
    fail("physical_memory_offset must be 2 MiB aligned, and 0 or at least 512 GiB");
  }
  if (m.cmdline_length >= KBUILD_MANIFEST_CMDLINE_MAX) fail("command line too long");
  return m;
}

// The first MiB (stages, page tables, stacks, buffers) stays the loader's.
void reserve_low_memory() {
  for (int i = 0; i < memory.count(); ++i) {
    Region r = memory[i];
    if (r.type == KBUILD_MEMORY_USABLE && r.base < kMiB) {
      memory.carve(r.base, r.end < kMiB ? r.end : kMiB, KBUILD_MEMORY_BOOTLOADER);
    }
  }
}

// Returns how much is mapped: 0..4 GiB at least, and all RAM.
uint64_t map_physical_memory(PageTables* tables, uint64_t offset) {
  uint64_t size = align_up(memory.ram_end(), kGiB);
  if (size < 4 * kGiB) size = 4 * kGiB;
  if (offset != 0 && offset + size - 1 < offset)
    fail("physical_memory_offset too high for the RAM");
  for (uint64_t p = 0; p < size; p += 2 * kMiB) {
    tables->map_2m(offset + p, p, kPageWritable | kPageNoExecute, "the physical memory mapping");
  }
  return size;
}

// The stack goes in a PML4 slot nothing else uses:
//   [enter_kernel's page][guard page, unmapped][stack ... top]
Stack map_stack(PageTables* tables, uint64_t stack_size, uint64_t offset, uint64_t phys_map_size) {
  bool used[512] = {};
  used[0] = true;  // the loader's identity map lives there until the switch
  for (int i = 0; i < kernel.count; ++i) {
    const Segment& s = kernel.segments[i];
    for (int k = pml4_slot(s.vaddr); k <= pml4_slot(s.vaddr + s.memsz - 1); ++k) used[k] = true;
  }
  for (int k = pml4_slot(offset); k <= pml4_slot(offset + phys_map_size - 1); ++k) used[k] = true;
  int slot = -1;  // the higher half first, from the top
  for (int k = 510; k >= 1 && slot < 0; --k) {
    if (!used[k]) slot = k;
  }
  if (slot < 0) fail("no free virtual space for the kernel stack");
  uint64_t base = (slot >= 256 ? 0xffff000000000000ULL : 0) | (uint64_t(slot) << 39);

  uint64_t phys = memory.allocate(stack_size, KBUILD_MEMORY_KERNEL_STACK, kMiB, 4 * kGiB);
  memset(phys_ptr<void>(phys), 0, stack_size);
  uint64_t bottom = base + 2 * kPageSize;
  for (uint64_t i = 0; i < stack_size; i += kPageSize) {
    tables->map_4k(bottom + i, phys + i, kPageWritable | kPageNoExecute, "the stack");
  }
  uint64_t code = memory.allocate(kPageSize, KBUILD_MEMORY_BOOTLOADER, kMiB, 4 * kGiB);
  memcpy(phys_ptr<void>(code), enter_kernel, enter_kernel_end - enter_kernel);
  tables->map_4k(base, code, 0, "the loader's last page");
  return {base, bottom + stack_size};
}

// One block of type BOOT_INFO: the info, a copy of the GDT and its descriptor, the command
// line, the memory map. Allocated last, so the map it holds is final. Returns the block's
// physical address; *gdtr_virtual is where the descriptor is seen from the kernel.
uint64_t write_boot_info(const kbuild_boot_manifest& m, const kbuild_framebuffer& framebuffer,
                         const Stack& stack, uint64_t* gdtr_virtual) {
  const uint64_t offset = m.physical_memory_offset;
  uint64_t gdt_size =
      reinterpret_cast<uint64_t>(loader_gdt_end) - reinterpret_cast<uint64_t>(loader_gdt);
  uint64_t map_capacity = memory.count() + 4;  // this allocation adds at most two entries
  uint64_t size = 256 + gdt_size + 16 + KBUILD_MANIFEST_CMDLINE_MAX +
                  map_capacity * sizeof(kbuild_memory_region);
  uint64_t block = memory.allocate(size, KBUILD_MEMORY_BOOT_INFO, kMiB, 4 * kGiB);
  memset(phys_ptr<void>(block), 0, align_up(size, kPageSize));
  uint64_t gdt = block + 256;
  uint64_t gdtr = gdt + gdt_size;
  uint64_t cmdline = gdtr + 16;
  uint64_t map = cmdline + KBUILD_MANIFEST_CMDLINE_MAX;

  memcpy(phys_ptr<void>(gdt), loader_gdt, gdt_size);
  GdtDescriptor descriptor = {static_cast<uint16_t>(gdt_size - 1), offset + gdt};
  memcpy(phys_ptr<void>(gdtr), &descriptor, sizeof(descriptor));
  *gdtr_virtual = offset + gdtr;
  memcpy(phys_ptr<void>(cmdline), m.cmdline, m.cmdline_length);
  for (int i = 0; i < memory.count(); ++i) {
    kbuild_memory_region r = {memory[i].base, memory[i].end - memory[i].base, memory[i].type, 0};
    memcpy(phys_ptr<uint8_t>(map) + i * sizeof(r), &r, sizeof(r));
  }

  kbuild_boot_info info = {};
  info.magic = KBUILD_BOOT_MAGIC;
  info.version = KBUILD_BOOT_VERSION;
  info.size = sizeof(info);
  info.memory_map = offset + map;
  info.memory_map_entries = memory.count();
  info.physical_memory_offset = offset;
  info.framebuffer = framebuffer;
  info.rsdp_address = find_rsdp();
  info.kernel_virtual_base = kernel.virtual_base;
  info.kernel_physical_base = kernel.physical_base;
  info.kernel_file_address = kernel.file_address;
  info.kernel_file_size = m.kernel_bytes;
  info.stack_top = stack.top;
  info.stack_size = m.stack_size;
  info.cmdline = offset + cmdline;
  info.cmdline_length = m.cmdline_length;
  memcpy(phys_ptr<void>(block), &info, sizeof(info));
  return block;
}

}  // namespace

extern "C" [[noreturn]] void loader_main() {
  console_init();
  kbuild_boot_manifest manifest = read_manifest();
  const uint64_t offset = manifest.physical_memory_offset;
  bool nx = phys_ptr<kbuild_stage_handoff>(KBUILD_HANDOFF_ADDRESS)->nx_supported;

  // Memory: the E820 map, which is also the allocator.
  memory.read_e820();
  reserve_low_memory();

  // The kernel file into memory (homes of segments linked below 4 GiB reserved first).
  kernel_read(manifest, &memory, &kernel);

  // The kernel's page tables: its segments, all physical memory at the offset, the stack.
  PageTables tables(&memory, nx);
  kernel_map(&kernel, &memory, &tables);
  uint64_t phys_map_size = map_physical_memory(&tables, offset);
  Stack stack = map_stack(&tables, manifest.stack_size, offset, phys_map_size);

  // The framebuffer last among BIOS screen work: errors before it still show in text mode.
  kbuild_framebuffer framebuffer = {};
  if (manifest.framebuffer_width != 0) {
    vbe_set_mode(manifest.framebuffer_width, manifest.framebuffer_height, manifest.framebuffer_bpp,
                 &framebuffer);
    if (framebuffer.address + uint64_t(framebuffer.pitch) * framebuffer.height > phys_map_size) {
      fail("the framebuffer lies beyond the physical memory mapping");
    }
  }

  uint64_t gdtr = 0;
  uint64_t info = write_boot_info(manifest, framebuffer, stack, &gdtr);

  // enter_kernel's page is mapped at the same address in the loader's page tables too.
  auto* loader_pml4 = phys_ptr<uint64_t>(KBUILD_LOADER_PML4);
  int slot = pml4_slot(stack.entry_page);
  loader_pml4[slot] = phys_ptr<uint64_t>(tables.pml4())[slot];
  uint64_t cr0;
  asm volatile("mov %%cr3, %%rax; mov %%rax, %%cr3; mov %%cr0, %0" : "=r"(cr0)::"rax", "memory");
  cr0 |= 1 << 16;  // WP: read-only pages stay read-only in ring 0
  asm volatile("mov %0, %%cr0" ::"r"(cr0));

  using EnterKernel =
      void (*)(uint64_t cr3, uint64_t entry, uint64_t rsp, uint64_t info, uint64_t gdtr);
  auto enter = reinterpret_cast<EnterKernel>(stack.entry_page);
  enter(tables.pml4(), kernel.entry, stack.top, offset + info, gdtr);
  __builtin_unreachable();
}
