// ELF64 for the host, from glibc's <elf.h>: its structures (the specification's field names),
// read and written through memcpy (never pointer casts into a file buffer). glibc spells the
// constants as macros; kbuild names them elf::NAME with a type, so each macro's value is kept
// as a typed constant of the same name and the macro itself is removed. The bootloader, which is
// freestanding, has its own definition in bootloader/common/elf.h.
#pragma once

#include <elf.h>

#include <cstdint>
#include <cstring>
#include <span>

namespace kbuild::elf::glibc {
inline constexpr int EI_CLASS_value = EI_CLASS;
inline constexpr int EI_DATA_value = EI_DATA;
inline constexpr int EI_VERSION_value = EI_VERSION;
inline constexpr uint8_t ELFCLASS32_value = ELFCLASS32;
inline constexpr uint8_t ELFCLASS64_value = ELFCLASS64;
inline constexpr uint8_t ELFDATA2LSB_value = ELFDATA2LSB;
inline constexpr uint8_t ELFDATA2MSB_value = ELFDATA2MSB;
inline constexpr uint32_t EV_CURRENT_value = EV_CURRENT;
inline constexpr uint16_t ET_REL_value = ET_REL;
inline constexpr uint16_t ET_EXEC_value = ET_EXEC;
inline constexpr uint16_t ET_DYN_value = ET_DYN;
inline constexpr uint16_t ET_CORE_value = ET_CORE;
inline constexpr uint16_t EM_X86_64_value = EM_X86_64;
inline constexpr uint16_t EM_AARCH64_value = EM_AARCH64;
inline constexpr uint16_t EM_RISCV_value = EM_RISCV;
inline constexpr uint16_t PN_XNUM_value = PN_XNUM;
inline constexpr uint32_t PT_NULL_value = PT_NULL;
inline constexpr uint32_t PT_LOAD_value = PT_LOAD;
inline constexpr uint32_t PT_DYNAMIC_value = PT_DYNAMIC;
inline constexpr uint32_t PT_INTERP_value = PT_INTERP;
inline constexpr uint32_t PT_NOTE_value = PT_NOTE;
inline constexpr uint32_t PT_TLS_value = PT_TLS;
inline constexpr uint32_t PF_X_value = PF_X;
inline constexpr uint32_t PF_W_value = PF_W;
inline constexpr uint32_t PF_R_value = PF_R;
inline constexpr uint32_t NT_GNU_ABI_TAG_value = NT_GNU_ABI_TAG;
inline constexpr uint32_t SHT_SYMTAB_value = SHT_SYMTAB;
inline constexpr uint32_t SHT_STRTAB_value = SHT_STRTAB;
inline constexpr uint32_t SHT_NOBITS_value = SHT_NOBITS;
inline constexpr uint64_t SHF_EXECINSTR_value = SHF_EXECINSTR;
inline constexpr uint16_t SHN_UNDEF_value = SHN_UNDEF;
inline constexpr uint16_t SHN_LORESERVE_value = SHN_LORESERVE;
inline constexpr uint8_t STT_NOTYPE_value = STT_NOTYPE;
inline constexpr uint8_t STT_FUNC_value = STT_FUNC;
inline constexpr uint8_t ELFMAG_value[4] = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3};
}  // namespace kbuild::elf::glibc

#undef EI_CLASS
#undef EI_DATA
#undef EI_VERSION
#undef ELFCLASS32
#undef ELFCLASS64
#undef ELFDATA2LSB
#undef ELFDATA2MSB
#undef EV_CURRENT
#undef ET_REL
#undef ET_EXEC
#undef ET_DYN
#undef ET_CORE
#undef EM_X86_64
#undef EM_AARCH64
#undef EM_RISCV
#undef PN_XNUM
#undef PT_NULL
#undef PT_LOAD
#undef PT_DYNAMIC
#undef PT_INTERP
#undef PT_NOTE
#undef PT_TLS
#undef PF_X
#undef PF_W
#undef PF_R
#undef NT_GNU_ABI_TAG
#undef SHT_SYMTAB
#undef SHT_STRTAB
#undef SHT_NOBITS
#undef SHF_EXECINSTR
#undef SHN_UNDEF
#undef SHN_LORESERVE
#undef STT_NOTYPE
#undef STT_FUNC
#undef ELFMAG

namespace kbuild::elf {

using ::Elf64_Ehdr;
using ::Elf64_Phdr;
using ::Elf64_Shdr;
using ::Elf64_Sym;
static_assert(sizeof(Elf64_Ehdr) == 64 && sizeof(Elf64_Phdr) == 56);
static_assert(sizeof(Elf64_Shdr) == 64 && sizeof(Elf64_Sym) == 24);

inline constexpr const uint8_t (&ELFMAG)[4] = glibc::ELFMAG_value;
inline constexpr int EI_CLASS = glibc::EI_CLASS_value;
inline constexpr int EI_DATA = glibc::EI_DATA_value;
inline constexpr int EI_VERSION = glibc::EI_VERSION_value;
inline constexpr uint8_t ELFCLASS32 = glibc::ELFCLASS32_value;
inline constexpr uint8_t ELFCLASS64 = glibc::ELFCLASS64_value;
inline constexpr uint8_t ELFDATA2LSB = glibc::ELFDATA2LSB_value;
inline constexpr uint8_t ELFDATA2MSB = glibc::ELFDATA2MSB_value;
inline constexpr uint32_t EV_CURRENT = glibc::EV_CURRENT_value;
inline constexpr uint16_t ET_REL = glibc::ET_REL_value;
inline constexpr uint16_t ET_EXEC = glibc::ET_EXEC_value;
inline constexpr uint16_t ET_DYN = glibc::ET_DYN_value;
inline constexpr uint16_t ET_CORE = glibc::ET_CORE_value;
inline constexpr uint16_t EM_X86_64 = glibc::EM_X86_64_value;
inline constexpr uint16_t EM_AARCH64 = glibc::EM_AARCH64_value;
inline constexpr uint16_t EM_RISCV = glibc::EM_RISCV_value;
inline constexpr uint16_t PN_XNUM = glibc::PN_XNUM_value;
inline constexpr uint32_t PT_NULL = glibc::PT_NULL_value;
inline constexpr uint32_t PT_LOAD = glibc::PT_LOAD_value;
inline constexpr uint32_t PT_DYNAMIC = glibc::PT_DYNAMIC_value;
inline constexpr uint32_t PT_INTERP = glibc::PT_INTERP_value;
inline constexpr uint32_t PT_NOTE = glibc::PT_NOTE_value;
inline constexpr uint32_t PT_TLS = glibc::PT_TLS_value;
inline constexpr uint32_t PF_X = glibc::PF_X_value;
inline constexpr uint32_t PF_W = glibc::PF_W_value;
inline constexpr uint32_t PF_R = glibc::PF_R_value;
inline constexpr uint32_t NT_GNU_ABI_TAG = glibc::NT_GNU_ABI_TAG_value;
inline constexpr uint32_t SHT_SYMTAB = glibc::SHT_SYMTAB_value;
inline constexpr uint32_t SHT_STRTAB = glibc::SHT_STRTAB_value;
inline constexpr uint32_t SHT_NOBITS = glibc::SHT_NOBITS_value;
inline constexpr uint64_t SHF_EXECINSTR = glibc::SHF_EXECINSTR_value;
inline constexpr uint16_t SHN_UNDEF = glibc::SHN_UNDEF_value;
inline constexpr uint16_t SHN_LORESERVE = glibc::SHN_LORESERVE_value;
inline constexpr uint8_t STT_NOTYPE = glibc::STT_NOTYPE_value;
inline constexpr uint8_t STT_FUNC = glibc::STT_FUNC_value;

inline uint8_t st_type(uint8_t st_info) { return ELF64_ST_TYPE(st_info); }

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
