// ELF64 as the loader reads it: the file header and program headers of an executable for the
// architecture the loader runs on (x86_64, riscv64 for riscv64/, AArch64 for aarch64/).
// Written from the System V ABI; the loader's only ELF definition, compiled for both firmwares.
#pragma once
#include <stdint.h>

namespace elf {

constexpr uint8_t kMagic[4] = {0x7f, 'E', 'L', 'F'};
constexpr int kIdentClass = 4;
constexpr int kIdentData = 5;
constexpr uint8_t kClass64 = 2;
constexpr uint8_t kDataLittleEndian = 1;
constexpr uint16_t kTypeExecutable = 2;  // ET_EXEC
constexpr uint16_t kMachineX86_64 = 62;  // EM_X86_64
constexpr uint16_t kMachineRiscv = 243;  // EM_RISCV
constexpr uint16_t kMachineAarch64 = 183;  // EM_AARCH64
#if defined(__riscv)
constexpr uint16_t kMachineKernel = kMachineRiscv;
constexpr const char* kMachineKernelName = "riscv64";
#elif defined(__aarch64__)
constexpr uint16_t kMachineKernel = kMachineAarch64;
constexpr const char* kMachineKernelName = "AArch64";
#else
constexpr uint16_t kMachineKernel = kMachineX86_64;
constexpr const char* kMachineKernelName = "x86_64";
#endif

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfExecute = 1;
constexpr uint32_t kPfWrite = 2;

struct Header {
  uint8_t e_ident[16];
  uint16_t e_type, e_machine;
  uint32_t e_version;
  uint64_t e_entry, e_phoff, e_shoff;
  uint32_t e_flags;
  uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
static_assert(sizeof(Header) == 64, "Elf64_Ehdr");

struct ProgramHeader {
  uint32_t p_type, p_flags;
  uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
static_assert(sizeof(ProgramHeader) == 56, "Elf64_Phdr");

}  // namespace elf
