#include "limine_address_space.h"

#include <kbuild/boot.h>

#include "console.h"
#include "cpu.h"
#include "elf.h"
#include "lib.h"
#include "limine_protocol.h"
#include "platform.h"

namespace {

constexpr uint32_t kMsrPat = 0x277;
// PAT0..7 = WB(6) WT(4) UC-(7) UC(0) WP(5) WC(1) UC-(7) UC(0), one byte each.
constexpr uint64_t kLiminePat = 0x0007010500070406ULL;
// PAT entry 5 on a 2 MiB page: its PAT bit (12) and PWT (3).
constexpr uint64_t kLargePageWriteCombining = (1ULL << 12) | (1ULL << 3);

}  // namespace

uint64_t limine_load_kernel(Kernel* kernel, PageTables* tables) {
  uint64_t low = ~0ULL, high = 0;
  for (int i = 0; i < kernel->count; ++i) {
    const Segment& s = kernel->segments[i];
    if (s.vaddr < limine::kKernelMinAddress) {
      fail("bad kernel: a Limine kernel is linked at or above 0xffffffff80000000");
    }
    if (align_down(s.vaddr, kPageSize) < low) low = align_down(s.vaddr, kPageSize);
    if (align_up(s.vaddr + s.memsz, kPageSize) > high) high = align_up(s.vaddr + s.memsz, kPageSize);
  }
  uint64_t size = high - low;
  uint64_t block = platform_allocate(size, KBUILD_MEMORY_KERNEL);
  memset(phys_ptr<void>(block), 0, size);
  for (int i = 0; i < kernel->count; ++i) {
    const Segment& s = kernel->segments[i];
    memcpy(phys_ptr<void>(block + (s.vaddr - low)), phys_ptr<void>(kernel->file_address + s.offset),
           s.filesz);
    uint64_t flags = (s.flags & elf::kPfWrite ? kPageWritable : 0) |
                     (s.flags & elf::kPfExecute ? 0 : kPageNoExecute);
    uint64_t end = align_up(s.vaddr + s.memsz, kPageSize);
    for (uint64_t v = align_down(s.vaddr, kPageSize); v < end; v += kPageSize) {
      tables->map_4k(v, block + (v - low), flags, "the kernel");
    }
  }
  kernel->virtual_base = low;
  kernel->physical_base = block;
  return size;
}

uint64_t limine_map_direct(PageTables* tables, uint64_t offset, uint64_t ram_end,
                           uint64_t fb_base, uint64_t fb_end) {
  uint64_t size = align_up(ram_end, kGiB);
  if (size < 4 * kGiB) size = 4 * kGiB;
  for (uint64_t p = 0; p < size; p += kLargePageSize) {
    bool framebuffer = p < fb_end && fb_base < p + kLargePageSize;
    tables->map_2m(offset + p, p,
                   kPageWritable | (framebuffer ? kLargePageWriteCombining : 0),
                   "the direct map");
  }
  return size;
}

void limine_map_identity(PageTables* tables) {
  for (uint64_t p = kPageSize; p < kLargePageSize; p += kPageSize) {
    tables->map_4k(p, p, kPageWritable, "the identity map");
  }
  for (uint64_t p = kLargePageSize; p < 4 * kGiB; p += kLargePageSize) {
    tables->map_2m(p, p, kPageWritable, "the identity map");
  }
}

void limine_set_pat() { cpu::write_msr(kMsrPat, kLiminePat); }
