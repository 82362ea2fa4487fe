#include "kernel.h"

#include <kbuild/boot.h>

#include "console.h"
#include "elf.h"
#include "kernel_rules.h"
#include "lib.h"
#include "paging.h"
#include "platform.h"

namespace {

[[noreturn]] void bad_kernel(const char* why) { Message().str("bad kernel: ").str(why).fail(); }

}  // namespace

bool kernel_has_elf_magic(const uint8_t* header, uint64_t bytes) {
  return bytes >= sizeof(elf::kMagic) && memcmp(header, elf::kMagic, sizeof(elf::kMagic)) == 0;
}

void kernel_parse(const uint8_t* header, uint64_t header_bytes, uint64_t size, Kernel* kernel) {
  if (size < sizeof(elf::Header) || header_bytes < sizeof(elf::Header)) {
    bad_kernel("the packed kernel is empty");
  }
  elf::Header eh;
  memcpy(&eh, header, sizeof(eh));
  if (eh.e_ident[elf::kIdentClass] != elf::kClass64 ||
      eh.e_ident[elf::kIdentData] != elf::kDataLittleEndian) {
    bad_kernel("not a little-endian ELF64 file");
  }
  if (eh.e_machine != elf::kMachineKernel) {
    Message().str("bad kernel: not an ").str(elf::kMachineKernelName).str(" ELF file (e_machine ")
        .dec(eh.e_machine).str(")").fail();
  }
  if (eh.e_type != elf::kTypeExecutable) bad_kernel("not an executable (ET_EXEC) ELF file");
  if (eh.e_phentsize != sizeof(elf::ProgramHeader) || eh.e_phnum == 0 ||
      eh.e_phnum > Kernel::kMaxSegments || eh.e_phoff > kPageSize ||
      eh.e_phoff + uint64_t(eh.e_phnum) * sizeof(elf::ProgramHeader) >
          (header_bytes < kPageSize ? header_bytes : kPageSize)) {
    bad_kernel("the program headers are not in the packed form (1 to 72, in the first page)");
  }

  kernel->entry = eh.e_entry;
  kernel->count = 0;
  kbuild_rules::Segment views[Kernel::kMaxSegments];
  for (int i = 0; i < eh.e_phnum; ++i) {
    elf::ProgramHeader ph;
    memcpy(&ph, header + eh.e_phoff + i * sizeof(elf::ProgramHeader), sizeof(ph));
    if (ph.p_type != elf::kPtLoad || ph.p_memsz == 0) continue;
    views[kernel->count] = {ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, ph.p_flags};
    kernel->segments[kernel->count++] = {ph.p_offset, ph.p_vaddr,   ph.p_filesz,
                                         ph.p_memsz,  ph.p_flags,   ph.p_vaddr + ph.p_memsz <= 4 * kGiB,
                                         false};
  }
  // The same rules `kbuild image` applies to the linked ELF, plus the packed form's own.
  char why[kbuild_rules::kMessageCapacity];
  if (!kbuild_rules::check_segments(views, kernel->count, eh.e_entry, size, true, why) ||
      !kbuild_rules::check_address_space(eh.e_machine, views, kernel->count, why)) {
    bad_kernel(why);
  }
  // The buffer holds the headers' page and every segment mapped from it in place.
  uint64_t bytes = size < kPageSize ? size : kPageSize;
  for (int i = 0; i < kernel->count; ++i) {
    const Segment& s = kernel->segments[i];
    if (!s.identity && s.offset + s.filesz > bytes) bytes = s.offset + s.filesz;
  }
  kernel->file_bytes = bytes;
  kernel->file_size = align_up(bytes, kPageSize);
}

bool kernel_reads_to_home(const Kernel& kernel, int i) {
  const Segment& s = kernel.segments[i];
  return s.identity && s.filesz != 0 && s.offset + s.filesz > kernel.file_bytes;
}

void kernel_claim_homes(const Kernel& kernel) {
  for (int i = 0; i < kernel.count; ++i) {
    const Segment& s = kernel.segments[i];
    if (!s.identity) continue;
    uint64_t base = align_down(s.vaddr, kPageSize), end = align_up(s.vaddr + s.memsz, kPageSize);
    if (!platform_claim(base, end, KBUILD_MEMORY_KERNEL)) {
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
}

uint32_t kernel_file_type(const Kernel& kernel) {
  for (int i = 0; i < kernel.count; ++i) {
    if (!kernel.segments[i].identity) return KBUILD_MEMORY_KERNEL;
  }
  return KBUILD_MEMORY_BOOTLOADER;
}

void kernel_map(Kernel* kernel, PageTables* tables) {
  kernel->virtual_base = ~0ULL;
  for (int i = 0; i < kernel->count; ++i) {
    const Segment& s = kernel->segments[i];
    uint64_t flags = (s.flags & elf::kPfWrite ? kPageWritable : 0) | (s.flags & elf::kPfExecute ? 0 : kPageNoExecute);
    uint64_t page = align_down(s.vaddr, kPageSize);
    uint64_t mem_end = align_up(s.vaddr + s.memsz, kPageSize);
    uint64_t physical = 0;

    if (s.identity) {
      if (!s.loaded) {
        memcpy(phys_ptr<void>(s.vaddr), phys_ptr<void>(kernel->file_address + s.offset), s.filesz);
      }
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
        bss = platform_allocate(mem_end - file_end, KBUILD_MEMORY_KERNEL);
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
