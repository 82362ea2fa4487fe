#include "kernel.h"

#include <kbuild/boot.h>

#include "console.h"
#include "disk.h"
#include "lib.h"
#include "memory_map.h"
#include "paging.h"

namespace {

struct Elf64_Ehdr {
  uint8_t e_ident[16];
  uint16_t e_type, e_machine;
  uint32_t e_version;
  uint64_t e_entry, e_phoff, e_shoff;
  uint32_t e_flags;
  uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
static_assert(sizeof(Elf64_Ehdr) == 64, "ELF64 header");

struct Elf64_Phdr {
  uint32_t p_type, p_flags;
  uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
static_assert(sizeof(Elf64_Phdr) == 56, "ELF64 program header");

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfX = 1, kPfW = 2;

uint8_t header_page[kPageSize] __attribute__((aligned(16)));

[[noreturn]] void bad_kernel(const char* why) { Message().str("bad kernel: ").str(why).fail(); }

[[noreturn]] void bad_segment(int i, const char* why) {
  Message().str("bad kernel: segment ").dec(i).str(" ").str(why).fail();
}

bool canonical(uint64_t address) {
  uint64_t top = address >> 47;
  return top == 0 || top == 0x1ffff;
}

}  // namespace

void kernel_read(const kbuild_boot_manifest& manifest, MemoryMap* memory, Kernel* kernel) {
  uint64_t size = manifest.kernel_bytes;
  if (size < sizeof(Elf64_Ehdr)) bad_kernel("the packed kernel is empty");
  disk_read(manifest.kernel_lba, size < kPageSize ? size : kPageSize,
            reinterpret_cast<uint64_t>(header_page));

  Elf64_Ehdr eh;
  memcpy(&eh, header_page, sizeof(eh));
  if (memcmp(eh.e_ident,
             "\x7f"
             "ELF",
             4) != 0) {
    Message().str("bad kernel: no ELF magic at LBA ").dec(manifest.kernel_lba).fail();
  }
  if (eh.e_ident[4] != 2 || eh.e_ident[5] != 1) bad_kernel("not a little-endian ELF64 file");
  if (eh.e_machine != 62) bad_kernel("not an x86_64 ELF file");
  if (eh.e_type != 2) bad_kernel("not an executable (ET_EXEC) ELF file");
  if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 ||
      eh.e_phnum > Kernel::kMaxSegments ||
      eh.e_phoff + uint64_t(eh.e_phnum) * sizeof(Elf64_Phdr) > kPageSize) {
    bad_kernel("the program headers are not in the packed form (1 to 72, in the first page)");
  }

  kernel->entry = eh.e_entry;
  kernel->count = 0;
  bool entry_ok = false;
  for (int i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    memcpy(&ph, header_page + eh.e_phoff + i * sizeof(Elf64_Phdr), sizeof(ph));
    if (ph.p_type != kPtLoad || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz) bad_segment(i, "has p_filesz > p_memsz");
    if (ph.p_offset > size || size - ph.p_offset < ph.p_filesz)
      bad_segment(i, "passes the end of the file");
    if (ph.p_offset % kPageSize != ph.p_vaddr % kPageSize) bad_segment(i, "is not page-congruent");
    uint64_t end = ph.p_vaddr + ph.p_memsz;
    if (end < ph.p_vaddr || !canonical(ph.p_vaddr) || !canonical(end - 1)) {
      bad_segment(i, "has a non-canonical address");
    }
    if (ph.p_vaddr < kMiB) bad_segment(i, "lies in the first MiB, which is the loader's");
    Segment s = {ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, ph.p_flags, end <= 4 * kGiB};
    if ((s.flags & kPfX) && eh.e_entry >= s.vaddr && eh.e_entry < end) entry_ok = true;
    kernel->segments[kernel->count++] = s;
  }
  if (kernel->count == 0) bad_kernel("no PT_LOAD segment");
  if (!entry_ok) bad_kernel("the entry point is not inside an executable segment");

  // Each virtual page and each file page belongs to one segment only: the loader maps file
  // pages in place and zeroes the tails of .bss pages.
  for (int i = 0; i < kernel->count; ++i) {
    const Segment& a = kernel->segments[i];
    for (int j = i + 1; j < kernel->count; ++j) {
      const Segment& b = kernel->segments[j];
      if (align_down(a.vaddr, kPageSize) < align_up(b.vaddr + b.memsz, kPageSize) &&
          align_down(b.vaddr, kPageSize) < align_up(a.vaddr + a.memsz, kPageSize)) {
        bad_segment(j, "shares a virtual page with another segment");
      }
      if (a.filesz && b.filesz &&
          align_down(a.offset, kPageSize) < align_up(b.offset + b.filesz, kPageSize) &&
          align_down(b.offset, kPageSize) < align_up(a.offset + a.filesz, kPageSize)) {
        bad_segment(j, "shares a file page with another segment");
      }
    }
  }

  bool any_floating = false;
  for (int i = 0; i < kernel->count; ++i) {
    const Segment& s = kernel->segments[i];
    if (!s.identity) {
      any_floating = true;
      continue;
    }
    uint64_t base = align_down(s.vaddr, kPageSize), end = align_up(s.vaddr + s.memsz, kPageSize);
    if (!memory->carve(base, end, KBUILD_MEMORY_KERNEL)) {
      Message()
          .str("the kernel segment at ")
          .hex(base)
          .str("-")
          .hex(end)
          .str(
              " is linked below 4 GiB, so it goes at the same physical address, which is not "
              "free RAM")
          .fail();
    }
  }

  kernel->file_size = align_up(size, kPageSize);
  kernel->file_address = memory->allocate(
      kernel->file_size, any_floating ? KBUILD_MEMORY_KERNEL : KBUILD_MEMORY_BOOTLOADER, kMiB,
      4 * kGiB);
  disk_read(manifest.kernel_lba, size, kernel->file_address);
  memset(phys_ptr<void>(kernel->file_address + size), 0, kernel->file_size - size);
  if (memcmp(phys_ptr<void>(kernel->file_address), header_page, 64) != 0) {
    bad_kernel("the ELF header changed between two reads");
  }
}

void kernel_map(Kernel* kernel, MemoryMap* memory, PageTables* tables) {
  kernel->virtual_base = ~0ULL;
  for (int i = 0; i < kernel->count; ++i) {
    const Segment& s = kernel->segments[i];
    uint64_t flags = (s.flags & kPfW ? kPageWritable : 0) | (s.flags & kPfX ? 0 : kPageNoExecute);
    uint64_t page = align_down(s.vaddr, kPageSize);
    uint64_t mem_end = align_up(s.vaddr + s.memsz, kPageSize);
    uint64_t physical = 0;

    if (s.identity) {
      memcpy(phys_ptr<void>(s.vaddr), phys_ptr<void>(kernel->file_address + s.offset), s.filesz);
      memset(phys_ptr<void>(page), 0, s.vaddr - page);
      memset(phys_ptr<void>(s.vaddr + s.filesz), 0, mem_end - (s.vaddr + s.filesz));
      for (uint64_t v = page; v < mem_end; v += kPageSize)
        tables->map_4k(v, v, flags, "the kernel");
      physical = s.vaddr;
    } else {
      // File pages in place, then fresh zeroed pages for the rest of .bss.
      uint64_t file_end = s.filesz ? align_up(s.vaddr + s.filesz, kPageSize) : page;
      uint64_t file_page = kernel->file_address + align_down(s.offset, kPageSize);
      if (s.filesz && s.memsz > s.filesz) {
        uint64_t tail = kernel->file_address + s.offset + s.filesz;
        memset(phys_ptr<void>(tail), 0, align_up(tail, kPageSize) - tail);
      }
      uint64_t v = page;
      for (; v < file_end; v += kPageSize, file_page += kPageSize) {
        tables->map_4k(v, file_page, flags, "the kernel");
      }
      uint64_t bss = 0;
      if (file_end < mem_end) {
        bss = memory->allocate(mem_end - file_end, KBUILD_MEMORY_KERNEL, kMiB, 4 * kGiB);
        memset(phys_ptr<void>(bss), 0, mem_end - file_end);
        for (uint64_t p = bss; v < mem_end; v += kPageSize, p += kPageSize) {
          tables->map_4k(v, p, flags, "the kernel");
        }
      }
      physical = s.filesz ? kernel->file_address + s.offset : bss + s.vaddr % kPageSize;
    }
    if (s.vaddr < kernel->virtual_base) {
      kernel->virtual_base = s.vaddr;
      kernel->physical_base = physical;
    }
  }
}
