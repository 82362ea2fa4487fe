// ELF64 on-disk structures with the specification's field names, read and written through
// memcpy (never pointer casts into a file buffer). Only what kbuild needs: headers and program
// headers of little-endian x86_64 executables, and the section headers and symbols that crash
// reports use to name functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

namespace kbuild::elf {

inline constexpr uint8_t ELFMAG[4] = {0x7f, 'E', 'L', 'F'};
inline constexpr int EI_CLASS = 4, EI_DATA = 5, EI_VERSION = 6;
inline constexpr uint8_t ELFCLASS32 = 1, ELFCLASS64 = 2;
inline constexpr uint8_t ELFDATA2LSB = 1, ELFDATA2MSB = 2;
inline constexpr uint32_t EV_CURRENT = 1;
inline constexpr uint16_t ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
inline constexpr uint16_t EM_X86_64 = 62;
inline constexpr uint16_t PN_XNUM = 0xffff;  // e_phnum escape: the real count is in section 0
inline constexpr uint32_t PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_TLS = 7;
inline constexpr uint32_t PF_X = 1, PF_W = 2, PF_R = 4;
inline constexpr uint32_t NT_GNU_ABI_TAG = 1;  // in a note named "GNU"
inline constexpr uint32_t SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_NOBITS = 8;
inline constexpr uint64_t SHF_EXECINSTR = 0x4;
inline constexpr uint16_t SHN_UNDEF = 0, SHN_LORESERVE = 0xff00;
inline constexpr uint8_t STT_NOTYPE = 0, STT_FUNC = 2;

struct Elf64_Ehdr {
  uint8_t e_ident[16];
  uint16_t e_type;
  uint16_t e_machine;
  uint32_t e_version;
  uint64_t e_entry;
  uint64_t e_phoff;
  uint64_t e_shoff;
  uint32_t e_flags;
  uint16_t e_ehsize;
  uint16_t e_phentsize;
  uint16_t e_phnum;
  uint16_t e_shentsize;
  uint16_t e_shnum;
  uint16_t e_shstrndx;
};
static_assert(sizeof(Elf64_Ehdr) == 64);

struct Elf64_Phdr {
  uint32_t p_type;
  uint32_t p_flags;
  uint64_t p_offset;
  uint64_t p_vaddr;
  uint64_t p_paddr;
  uint64_t p_filesz;
  uint64_t p_memsz;
  uint64_t p_align;
};
static_assert(sizeof(Elf64_Phdr) == 56);

struct Elf64_Shdr {
  uint32_t sh_name;
  uint32_t sh_type;
  uint64_t sh_flags;
  uint64_t sh_addr;
  uint64_t sh_offset;
  uint64_t sh_size;
  uint32_t sh_link;
  uint32_t sh_info;
  uint64_t sh_addralign;
  uint64_t sh_entsize;
};
static_assert(sizeof(Elf64_Shdr) == 64);

struct Elf64_Sym {
  uint32_t st_name;
  uint8_t st_info;  // binding << 4 | type
  uint8_t st_other;
  uint16_t st_shndx;
  uint64_t st_value;
  uint64_t st_size;
};
static_assert(sizeof(Elf64_Sym) == 24);

inline uint8_t st_type(uint8_t st_info) { return st_info & 0xf; }

// Copies a T out of `bytes` at `offset`; false when it does not fit. The host is little-endian
// (x86_64 and aarch64 Linux), as is every file kbuild accepts.
template <class T>
bool read_struct(std::span<const uint8_t> bytes, uint64_t offset, T* out) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return false;
  std::memcpy(out, bytes.data() + offset, sizeof(T));
  return true;
}

template <class T>
void write_struct(std::span<uint8_t> bytes, uint64_t offset, const T& value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

}  // namespace kbuild::elf
