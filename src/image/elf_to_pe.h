// A riscv64 ELF executable (a static PIE, or an executable linked at a low address with its
// relocations kept as R_RISCV_RELATIVE) made into a PE32+ EFI application: LLVM 14 cannot
// link a RISC-V PE/COFF, and BOOTRISCV64.EFI is built this way. Used at kbuild's build time by
// bootloader/tools/elf_to_pe_main.cpp; in kbuild_core for its tests.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kbuild {

// The image's layout: sections at their ELF addresses (each PT_LOAD one section, its address a
// multiple of kPeSectionAlignment and above the headers), file data in kPeFileAlignment units.
inline constexpr uint32_t kPeSectionAlignment = 0x1000;
inline constexpr uint32_t kPeFileAlignment = 0x200;

// Converts `elf` into *pe. Each R_RISCV_RELATIVE relocation of its dynamic section becomes an
// IMAGE_REL_BASED_DIR64 entry in .reloc, with the word it patches holding the address as
// linked; other dynamic relocations are refused. On failure *err is one line.
bool elf_to_pe(std::span<const uint8_t> elf, std::vector<uint8_t>* pe, std::string* err);

}  // namespace kbuild
