// Packing a Multiboot kernel (multiboot_kernel.h): its loadable pieces, from ELF32 or ELF64
// program headers or from the header's address fields, into one physical segment.
#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "image/elf.h"
#include "image/multiboot_kernel.h"
#include "kernel_rules.h"

namespace kbuild {

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t k4GiB = uint64_t(1) << 32;
constexpr uint64_t kMaxSpan = uint64_t(256) << 20;  // one segment: the loader reads it whole

struct Piece {
  uint64_t offset, paddr, vaddr, filesz, memsz;
};

// ELF32 as the System V ABI defines it; only what is read here.
struct Elf32Ehdr {
  uint8_t e_ident[16];
  uint16_t e_type, e_machine;
  uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
  uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
static_assert(sizeof(Elf32Ehdr) == 52);
struct Elf32Phdr {
  uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};
static_assert(sizeof(Elf32Phdr) == 32);
constexpr uint16_t kMachine386 = 3;

bool elf_pieces(std::span<const uint8_t> b, std::vector<Piece>* pieces, uint64_t* entry, std::string* err) {
  using namespace elf;
  if (b.size() < 16 || std::memcmp(b.data(), "\x7f" "ELF", 4) != 0) {
    *err = "not an ELF file, and its Multiboot header gives no load address fields to load it by";
    return false;
  }
  if (b[5] != ELFDATA2LSB) {
    *err = "not a little-endian ELF file";
    return false;
  }
  if (b[4] == ELFCLASS32) {
    Elf32Ehdr eh;
    if (!read_struct(b, 0, &eh) || eh.e_machine != kMachine386) {
      *err = "an ELF32 Multiboot kernel must be an i386 (EM_386) file";
      return false;
    }
    *entry = eh.e_entry;
    for (uint16_t i = 0; i < eh.e_phnum; ++i) {
      Elf32Phdr ph;
      if (!read_struct(b, eh.e_phoff + uint64_t(i) * eh.e_phentsize, &ph)) {
        *err = fmt::format("program header {} lies outside the file", i);
        return false;
      }
      if (ph.p_type == PT_LOAD && ph.p_memsz != 0)
        pieces->push_back({ph.p_offset, ph.p_paddr, ph.p_vaddr, ph.p_filesz, ph.p_memsz});
    }
  } else if (b[4] == ELFCLASS64) {
    Elf64_Ehdr eh;
    if (!read_struct(b, 0, &eh) || eh.e_machine != EM_X86_64) {
      *err = "an ELF64 Multiboot kernel must be an x86_64 file";
      return false;
    }
    *entry = eh.e_entry;
    for (uint16_t i = 0; i < eh.e_phnum; ++i) {
      Elf64_Phdr ph;
      if (!read_struct(b, eh.e_phoff + uint64_t(i) * eh.e_phentsize, &ph)) {
        *err = fmt::format("program header {} lies outside the file", i);
        return false;
      }
      if (ph.p_type == PT_LOAD && ph.p_memsz != 0)
        pieces->push_back({ph.p_offset, ph.p_paddr, ph.p_vaddr, ph.p_filesz, ph.p_memsz});
    }
  } else {
    *err = "not an ELF32 or ELF64 file";
    return false;
  }
  // The entry point is a virtual address: where a segment is linked elsewhere than it loads
  // (higher half), it moves with that segment, as GRUB moves it.
  for (const Piece& p : *pieces) {
    if (*entry >= p.vaddr && *entry - p.vaddr < p.memsz) {
      *entry = p.paddr + (*entry - p.vaddr);
      break;
    }
  }
  return true;
}

bool address_pieces(std::span<const uint8_t> b, const ProtocolInfo& info, const MultibootRequest& r,
                    std::vector<Piece>* pieces, std::string* err) {
  // The header sits at header_addr in memory, so loading starts (header_addr - load_addr)
  // bytes before it in the file.
  if (r.load_addr > r.header_addr || r.header_addr - r.load_addr > info.header_offset) {
    *err = fmt::format(
        "the Multiboot header's load address {:#x} lies before the file's start (header address {:#x} at file "
        "offset {:#x})",
        r.load_addr, r.header_addr, info.header_offset);
    return false;
  }
  uint64_t offset = info.header_offset - (r.header_addr - r.load_addr);
  uint64_t filesz = r.load_end_addr != 0 ? uint64_t(r.load_end_addr) - r.load_addr : b.size() - offset;
  if (r.load_end_addr != 0 && (r.load_end_addr < r.load_addr || offset + filesz > b.size())) {
    *err = fmt::format("the Multiboot header's load end address {:#x} lies beyond the file's end",
                       r.load_end_addr);
    return false;
  }
  uint64_t memsz = filesz;
  if (r.bss_end_addr != 0) {
    if (r.bss_end_addr < r.load_addr + filesz) {
      *err = fmt::format("the Multiboot header's bss end address {:#x} lies before its load end", r.bss_end_addr);
      return false;
    }
    memsz = uint64_t(r.bss_end_addr) - r.load_addr;
  }
  pieces->push_back({offset, r.load_addr, r.load_addr, filesz, memsz});
  return true;
}

}  // namespace

bool pack_multiboot_kernel(std::span<const uint8_t> b, const ProtocolInfo& info, const MultibootRequest& request,
                           PackedKernel* out, std::string* err) {
  std::vector<Piece> pieces;
  uint64_t entry = 0;
  if (request.address_fields) {
    if (!address_pieces(b, info, request, &pieces, err)) return false;
  } else if (!elf_pieces(b, &pieces, &entry, err)) {
    return false;
  }
  if (request.entry_given) entry = request.entry;
  if (pieces.empty()) {
    *err = "no PT_LOAD segment with contents: nothing would be loaded; check the linker script";
    return false;
  }
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& c) { return a.paddr < c.paddr; });
  uint64_t lo = pieces.front().paddr, hi = 0, file_end = lo;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    if (p.filesz > p.memsz || p.offset > b.size() || b.size() - p.offset < p.filesz) {
      *err = fmt::format("the segment loaded at {:#x} runs past the end of the file or has more file bytes than "
                         "memory: the file is corrupt",
                         p.paddr);
      return false;
    }
    if (i > 0 && p.paddr < hi) {
      *err = fmt::format("the segments loaded at {:#x} and {:#x} overlap in physical memory: fix the load "
                         "addresses (AT() in the linker script)",
                         pieces[i - 1].paddr, p.paddr);
      return false;
    }
    if (p.paddr >= k4GiB || p.memsz > k4GiB - p.paddr) {  // checked apart, so no sum can wrap
      *err = fmt::format("the segment loaded at {:#x} ({:#x} bytes) reaches beyond 4 GiB, which a Multiboot "
                         "kernel (entered with paging off) cannot reach",
                         p.paddr, p.memsz);
      return false;
    }
    hi = p.paddr + p.memsz;
    if (p.filesz != 0) file_end = p.paddr + p.filesz;
  }
  if (hi > k4GiB) {
    *err = fmt::format("the kernel loads up to {:#x}, beyond 4 GiB, which a Multiboot kernel (entered with paging "
                       "off) cannot reach",
                       hi);
    return false;
  }
  if (hi - lo > kMaxSpan) {
    *err = fmt::format("the kernel's segments span {:#x}..{:#x}, more than 256 MiB: load them closer together",
                       lo, hi);
    return false;
  }

  // The ELF sections, on the pages after the kernel's last byte (see the top of the header).
  ElfSections sections;
  uint64_t sections_at = (hi + kPage - 1) & ~(kPage - 1);
  if (!request.address_fields && !collect_elf_sections(b, sections_at, &sections, err)) return false;
  if (request.elf_sections_required && sections.bytes.empty()) {
    *err = request.address_fields
               ? "the kernel's Multiboot2 header requires information tag 9 (ELF sections), which a kernel loaded by "
                 "its address tag does not get: drop the address tag or make that request optional (flags = 1)"
               : "the kernel's Multiboot2 header requires information tag 9 (ELF sections), but the file has no "
                 "section headers: do not strip them (no llvm-objcopy --strip-sections)";
    return false;
  }
  uint64_t sections_size = (sections.bytes.size() + kPage - 1) & ~(kPage - 1);
  if (sections_at + sections.bytes.size() > k4GiB) {
    *err = fmt::format("the kernel's section headers and symbols would go at {:#x}, after its last byte, beyond "
                       "4 GiB, which a Multiboot kernel cannot reach: load the kernel lower",
                       sections_at);
    return false;
  }

  // The kernel as one segment, from the page after the headers and the sections, congruent to
  // its address.
  uint64_t base = kPage + sections_size + lo % kPage;
  out->segments.clear();
  for (const Piece& p : pieces) {
    if (p.filesz != 0) out->segments.push_back({p.offset, base + (p.paddr - lo), p.filesz});
  }
  uint64_t filesz = file_end - lo, memsz = hi - lo;
  out->size = (base + filesz + kPage - 1) & ~(kPage - 1);

  // The loader's rules, in their words, before the image exists.
  kbuild_rules::Segment views[2] = {{base, lo, filesz, memsz, 7},
                                    {kPage, sections_at, sections.bytes.size(), sections.bytes.size(), 4}};
  int count = sections.bytes.empty() ? 1 : 2;
  char why[kbuild_rules::kMessageCapacity];
  if (!kbuild_rules::check_segments(views, count, entry, out->size, true, why)) {
    *err = why;
    return false;
  }

  using namespace elf;
  Elf64_Ehdr eh = {};
  std::memcpy(eh.e_ident, "\x7f" "ELF", 4);
  eh.e_ident[4] = ELFCLASS64;
  eh.e_ident[5] = ELFDATA2LSB;
  eh.e_ident[6] = 1;  // EV_CURRENT
  eh.e_type = ET_EXEC;
  eh.e_machine = EM_X86_64;
  eh.e_version = 1;
  eh.e_entry = entry;
  eh.e_phoff = sizeof(Elf64_Ehdr);
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_phnum = static_cast<uint16_t>(count);
  if (count == 2) {
    eh.e_shoff = kPage;
    eh.e_shentsize = static_cast<uint16_t>(sections.entry_size);
    eh.e_shnum = static_cast<uint16_t>(sections.count);  // at most 1024 (boot_limits.h)
    eh.e_shstrndx = static_cast<uint16_t>(sections.names_index);
  }
  out->headers.assign(count == 2 ? kPage + sections.bytes.size() : sizeof(eh) + sizeof(Elf64_Phdr), 0);
  write_struct(std::span<uint8_t>(out->headers), 0, eh);
  for (int i = 0; i < count; ++i) {
    Elf64_Phdr ph = {};
    ph.p_type = PT_LOAD;
    ph.p_flags = views[i].flags;  // the kernel's: PF_R | PF_W | PF_X, as paging is off
    ph.p_offset = views[i].offset;
    ph.p_vaddr = ph.p_paddr = views[i].vaddr;
    ph.p_filesz = views[i].filesz;
    ph.p_memsz = views[i].memsz;
    ph.p_align = kPage;
    write_struct(std::span<uint8_t>(out->headers), sizeof(eh) + i * sizeof(Elf64_Phdr), ph);
  }
  if (count == 2) std::memcpy(out->headers.data() + kPage, sections.bytes.data(), sections.bytes.size());
  return true;
}

}  // namespace kbuild
