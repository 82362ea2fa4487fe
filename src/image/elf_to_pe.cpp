#include "image/elf_to_pe.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "image/elf.h"
#include "image/pe.h"

namespace kbuild {
namespace {

constexpr uint64_t kImageBase = 0;  // the ELF is linked at 0; the firmware relocates it
constexpr uint32_t kRiscvRelative = R_RISCV_RELATIVE;
constexpr uint32_t kRiscvNone = R_RISCV_NONE;

uint64_t align_up(uint64_t value, uint64_t align) { return (value + align - 1) / align * align; }

struct Input {
  elf::Elf64_Ehdr header;
  std::vector<elf::Elf64_Phdr> loads;
  struct Relative {
    uint64_t at;      // the 64-bit word to relocate
    int64_t addend;   // its value as linked
  };
  std::vector<Relative> relative;
};

// The file offset of `size` bytes at address `vaddr` inside a segment's file bytes, or false.
bool file_offset(const Input& in, uint64_t vaddr, uint64_t size, uint64_t* offset) {
  for (const elf::Elf64_Phdr& p : in.loads) {
    if (vaddr >= p.p_vaddr && vaddr - p.p_vaddr <= p.p_filesz && p.p_filesz - (vaddr - p.p_vaddr) >= size) {
      *offset = p.p_offset + (vaddr - p.p_vaddr);
      return true;
    }
  }
  return false;
}

bool read_relocations(std::span<const uint8_t> elf, const elf::Elf64_Phdr& dynamic, Input* in,
                      std::string* err) {
  uint64_t rela = 0, rela_size = 0, rela_ent = sizeof(Elf64_Rela);
  for (uint64_t at = 0; at + sizeof(Elf64_Dyn) <= dynamic.p_filesz; at += sizeof(Elf64_Dyn)) {
    Elf64_Dyn d;
    if (!elf::read_struct(elf, dynamic.p_offset + at, &d)) {
      *err = "the dynamic section runs past the end of the file";
      return false;
    }
    if (d.d_tag == DT_NULL) break;
    if (d.d_tag == DT_RELA) rela = d.d_un.d_ptr;
    if (d.d_tag == DT_RELASZ) rela_size = d.d_un.d_val;
    if (d.d_tag == DT_RELAENT) rela_ent = d.d_un.d_val;
    if (d.d_tag == DT_REL || d.d_tag == DT_RELR) {
      *err = "only RELA relocations are supported (link without --pack-dyn-relocs)";
      return false;
    }
  }
  if (rela_size == 0) return true;
  uint64_t offset = 0;
  if (rela_ent != sizeof(Elf64_Rela) || !file_offset(*in, rela, rela_size, &offset)) {
    *err = "the RELA table is not inside a loaded segment";
    return false;
  }
  for (uint64_t at = 0; at + sizeof(Elf64_Rela) <= rela_size; at += sizeof(Elf64_Rela)) {
    Elf64_Rela r;
    elf::read_struct(elf, offset + at, &r);
    uint32_t type = ELF64_R_TYPE(r.r_info);
    if (type == kRiscvNone) continue;
    if (type != kRiscvRelative) {
      *err = "relocation type " + std::to_string(type) + " at " + std::to_string(r.r_offset) +
             " has no PE equivalent: only R_RISCV_RELATIVE is supported (link with -pie)";
      return false;
    }
    in->relative.push_back({r.r_offset, r.r_addend});
  }
  return true;
}

bool read_input(std::span<const uint8_t> elf, Input* in, std::string* err) {
  elf::Elf64_Ehdr& h = in->header;
  if (!elf::read_struct(elf, 0, &h) || std::memcmp(h.e_ident, elf::ELFMAG, 4) != 0 ||
      h.e_ident[elf::EI_CLASS] != elf::ELFCLASS64 || h.e_ident[elf::EI_DATA] != elf::ELFDATA2LSB) {
    *err = "not a little-endian ELF64 file";
    return false;
  }
  if (h.e_machine != elf::EM_RISCV || (h.e_type != elf::ET_DYN && h.e_type != elf::ET_EXEC)) {
    *err = "not a riscv64 executable (EM_RISCV, ET_DYN or ET_EXEC)";
    return false;
  }
  elf::Elf64_Phdr dynamic{};
  for (uint16_t i = 0; i < h.e_phnum; ++i) {
    elf::Elf64_Phdr p;
    if (!elf::read_struct(elf, h.e_phoff + uint64_t{i} * h.e_phentsize, &p)) {
      *err = "the program headers run past the end of the file";
      return false;
    }
    if (p.p_type == elf::PT_DYNAMIC) dynamic = p;
    if (p.p_type != elf::PT_LOAD || p.p_memsz == 0) continue;
    if (p.p_offset > elf.size() || elf.size() - p.p_offset < p.p_filesz || p.p_filesz > p.p_memsz) {
      *err = "a PT_LOAD segment runs past the end of the file";
      return false;
    }
    if (p.p_vaddr % kPeSectionAlignment != 0) {
      *err = "a PT_LOAD segment starts at " + std::to_string(p.p_vaddr) +
             ", not on a 4 KiB boundary (the linker script must align each segment)";
      return false;
    }
    if (!in->loads.empty() && p.p_vaddr < align_up(in->loads.back().p_vaddr + in->loads.back().p_memsz, kPeSectionAlignment)) {
      *err = "the PT_LOAD segments overlap or are out of order";
      return false;
    }
    in->loads.push_back(p);
  }
  if (in->loads.empty()) {
    *err = "no PT_LOAD segment";
    return false;
  }
  if (in->loads.front().p_vaddr < kPeSectionAlignment) {
    *err = "the first PT_LOAD segment starts below 0x1000, where the PE headers go";
    return false;
  }
  if (align_up(in->loads.back().p_vaddr + in->loads.back().p_memsz, kPeSectionAlignment) > UINT32_MAX / 2) {
    *err = "the image is too large for a PE file";
    return false;
  }
  if (dynamic.p_type == elf::PT_DYNAMIC && !read_relocations(elf, dynamic, in, err)) return false;
  for (const Input::Relative& r : in->relative) {
    uint64_t unused;
    if (r.at % 8 != 0 || !file_offset(*in, r.at, 8, &unused)) {
      *err = "a relocation at " + std::to_string(r.at) + " does not patch an aligned word of file data";
      return false;
    }
  }
  return true;
}

// .reloc's contents: one block per 4 KiB page, entries sorted, padded to a 4-byte multiple.
std::vector<uint8_t> base_relocations(const std::vector<Input::Relative>& relative) {
  std::vector<uint64_t> sorted;
  for (const Input::Relative& r : relative) sorted.push_back(r.at);
  std::sort(sorted.begin(), sorted.end());
  std::map<uint32_t, std::vector<uint16_t>> pages;
  for (uint64_t at : sorted) {
    pages[uint32_t(at & ~uint64_t{0xfff})].push_back(uint16_t(pe::IMAGE_REL_BASED_DIR64 << 12 | (at & 0xfff)));
  }
  std::vector<uint8_t> out;
  for (auto& [page, entries] : pages) {
    if (entries.size() % 2) entries.push_back(pe::IMAGE_REL_BASED_ABSOLUTE << 12);
    pe::BaseRelocationBlock block{page, uint32_t(sizeof(block) + 2 * entries.size())};
    size_t at = out.size();
    out.resize(at + block.SizeOfBlock);
    std::memcpy(out.data() + at, &block, sizeof(block));
    std::memcpy(out.data() + at + sizeof(block), entries.data(), 2 * entries.size());
  }
  return out;
}

void set_name(pe::SectionHeader* s, const char* name) {
  std::memset(s->Name, 0, sizeof(s->Name));
  std::memcpy(s->Name, name, std::strlen(name));
}

}  // namespace

bool elf_to_pe(std::span<const uint8_t> elf, std::vector<uint8_t>* out, std::string* err) {
  Input in;
  if (!read_input(elf, &in, err)) return false;
  std::vector<uint8_t> relocs = base_relocations(in.relative);

  const size_t sections = in.loads.size() + 1;  // the segments, then .reloc
  const uint32_t pe_offset = sizeof(pe::DosHeader);
  const uint32_t table_offset = pe_offset + 4 + sizeof(pe::FileHeader) + sizeof(pe::OptionalHeader64);
  const uint32_t headers = uint32_t(align_up(table_offset + sections * sizeof(pe::SectionHeader), kPeFileAlignment));
  if (headers > in.loads.front().p_vaddr) {
    *err = "the PE headers do not fit below the first segment";
    return false;
  }

  std::vector<pe::SectionHeader> table(sections);
  pe::OptionalHeader64 opt{};
  uint32_t file_at = headers;
  for (size_t i = 0; i < in.loads.size(); ++i) {
    const elf::Elf64_Phdr& p = in.loads[i];
    pe::SectionHeader& s = table[i];
    bool exec = p.p_flags & elf::PF_X, write = p.p_flags & elf::PF_W;
    set_name(&s, exec ? ".text" : write ? ".data" : ".rdata");
    s.VirtualAddress = uint32_t(p.p_vaddr);
    s.VirtualSize = uint32_t(p.p_memsz);  // the rest of memsz past the raw data reads as zero
    s.SizeOfRawData = uint32_t(align_up(p.p_filesz, kPeFileAlignment));
    s.PointerToRawData = s.SizeOfRawData ? file_at : 0;
    s.Characteristics = pe::IMAGE_SCN_MEM_READ | (exec ? pe::IMAGE_SCN_CNT_CODE | pe::IMAGE_SCN_MEM_EXECUTE
                                                       : pe::IMAGE_SCN_CNT_INITIALIZED_DATA) |
                        (write ? pe::IMAGE_SCN_MEM_WRITE : 0);
    file_at += s.SizeOfRawData;
    uint32_t virtual_size = uint32_t(align_up(p.p_memsz, kPeSectionAlignment));
    if (exec) {
      if (opt.BaseOfCode == 0) opt.BaseOfCode = s.VirtualAddress;
      opt.SizeOfCode += virtual_size;
    } else {
      opt.SizeOfInitializedData += virtual_size;
    }
  }
  const elf::Elf64_Phdr& last = in.loads.back();
  pe::SectionHeader& reloc = table.back();
  set_name(&reloc, ".reloc");
  reloc.VirtualAddress = uint32_t(align_up(last.p_vaddr + last.p_memsz, kPeSectionAlignment));
  reloc.VirtualSize = uint32_t(relocs.size());
  reloc.SizeOfRawData = uint32_t(align_up(relocs.size(), kPeFileAlignment));
  reloc.PointerToRawData = reloc.SizeOfRawData ? file_at : 0;
  reloc.Characteristics = pe::IMAGE_SCN_CNT_INITIALIZED_DATA | pe::IMAGE_SCN_MEM_DISCARDABLE | pe::IMAGE_SCN_MEM_READ;
  file_at += reloc.SizeOfRawData;
  opt.SizeOfInitializedData += uint32_t(align_up(relocs.size(), kPeSectionAlignment));

  opt.Magic = pe::IMAGE_NT_OPTIONAL_HDR64_MAGIC;
  opt.AddressOfEntryPoint = uint32_t(in.header.e_entry);
  opt.ImageBase = kImageBase;
  opt.SectionAlignment = kPeSectionAlignment;
  opt.FileAlignment = kPeFileAlignment;
  opt.SizeOfImage = uint32_t(align_up(reloc.VirtualAddress + std::max<uint32_t>(reloc.VirtualSize, 1), kPeSectionAlignment));
  opt.SizeOfHeaders = headers;
  opt.Subsystem = pe::IMAGE_SUBSYSTEM_EFI_APPLICATION;
  opt.DllCharacteristics = pe::IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE;
  opt.NumberOfRvaAndSizes = pe::IMAGE_NUMBEROF_DIRECTORY_ENTRIES;
  opt.DataDirectory[pe::IMAGE_DIRECTORY_ENTRY_BASERELOC] = {reloc.VirtualAddress, reloc.VirtualSize};

  pe::FileHeader file{};
  file.Machine = pe::IMAGE_FILE_MACHINE_RISCV64;
  file.NumberOfSections = uint16_t(sections);
  file.SizeOfOptionalHeader = sizeof(opt);
  file.Characteristics = pe::IMAGE_FILE_EXECUTABLE_IMAGE | pe::IMAGE_FILE_LARGE_ADDRESS_AWARE;

  pe::DosHeader dos{};
  dos.e_magic = pe::IMAGE_DOS_SIGNATURE;
  dos.e_lfanew = pe_offset;

  std::vector<uint8_t>& pe = *out;
  pe.assign(file_at, 0);
  std::span<uint8_t> bytes(pe);
  elf::write_struct(bytes, 0, dos);
  elf::write_struct(bytes, pe_offset, pe::IMAGE_NT_SIGNATURE);
  elf::write_struct(bytes, pe_offset + 4, file);
  elf::write_struct(bytes, pe_offset + 4 + sizeof(file), opt);
  for (size_t i = 0; i < sections; ++i) elf::write_struct(bytes, table_offset + i * sizeof(pe::SectionHeader), table[i]);
  for (size_t i = 0; i < in.loads.size(); ++i) {
    const elf::Elf64_Phdr& p = in.loads[i];
    if (p.p_filesz) std::memcpy(pe.data() + table[i].PointerToRawData, elf.data() + p.p_offset, p.p_filesz);
  }
  if (!relocs.empty()) std::memcpy(pe.data() + reloc.PointerToRawData, relocs.data(), relocs.size());
  // Each relocated word holds the address as linked (RELA keeps it in the addend, not in place):
  // the firmware adds the difference between where it loads the image and ImageBase.
  for (const Input::Relative& r : in.relative) {
    for (size_t i = 0; i < in.loads.size(); ++i) {
      const pe::SectionHeader& s = table[i];
      if (r.at < s.VirtualAddress || r.at - s.VirtualAddress >= in.loads[i].p_filesz) continue;
      elf::write_struct(bytes, s.PointerToRawData + (r.at - s.VirtualAddress), uint64_t(kImageBase + r.addend));
    }
  }
  return true;
}

}  // namespace kbuild
