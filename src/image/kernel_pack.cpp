#include "image/kernel_pack.h"

#include "image/elf.h"

namespace kbuild {

namespace {
constexpr uint64_t kPage = 4096;
uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }
}  // namespace

bool pack_kernel(std::span<const uint8_t> elf, PackedKernel* out, std::string* err) {
  using namespace elf;
  Elf64_Ehdr eh;
  if (!read_struct(elf, 0, &eh)) {
    *err = "not an ELF file: too short";
    return false;
  }
  std::vector<Elf64_Phdr> loads;
  for (uint16_t i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    if (!read_struct(elf, eh.e_phoff + uint64_t(i) * sizeof(Elf64_Phdr), &ph)) {
      *err = "program header " + std::to_string(i) + " lies outside the file";
      return false;
    }
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_offset > elf.size() || elf.size() - ph.p_offset < ph.p_filesz) {
      *err = "segment " + std::to_string(i) + " lies outside the file";
      return false;
    }
    loads.push_back(ph);
  }
  if (loads.empty()) {
    *err = "no PT_LOAD segment";
    return false;
  }
  if (loads.size() > kMaxPackedSegments) {
    *err = std::to_string(loads.size()) + " PT_LOAD segments; the loader takes at most " +
           std::to_string(kMaxPackedSegments);
    return false;
  }

  out->segments.clear();
  uint64_t headers_size = sizeof(Elf64_Ehdr) + loads.size() * sizeof(Elf64_Phdr);
  uint64_t cursor = page_up(headers_size);  // the next free page
  for (Elf64_Phdr& ph : loads) {
    // A segment without file bytes (.bss) takes no page; its offset still has to lie inside the
    // file, which the loader checks, so it points into the last page written.
    uint64_t packed = (ph.p_filesz != 0 ? cursor : cursor - kPage) + ph.p_vaddr % kPage;
    out->segments.push_back({ph.p_offset, packed, ph.p_filesz});
    ph.p_offset = packed;
    if (ph.p_filesz != 0) cursor = page_up(packed + ph.p_filesz);
  }
  out->size = cursor;

  Elf64_Ehdr packed_eh = eh;
  packed_eh.e_phoff = sizeof(Elf64_Ehdr);
  packed_eh.e_phentsize = sizeof(Elf64_Phdr);
  packed_eh.e_phnum = static_cast<uint16_t>(loads.size());
  packed_eh.e_shoff = 0;
  packed_eh.e_shentsize = 0;
  packed_eh.e_shnum = 0;
  packed_eh.e_shstrndx = 0;
  packed_eh.e_ehsize = sizeof(Elf64_Ehdr);
  out->headers.assign(headers_size, 0);
  write_struct(std::span<uint8_t>(out->headers), 0, packed_eh);
  for (size_t i = 0; i < loads.size(); ++i) {
    write_struct(std::span<uint8_t>(out->headers), sizeof(Elf64_Ehdr) + i * sizeof(Elf64_Phdr),
                 loads[i]);
  }
  return true;
}

}  // namespace kbuild
