// Checks a kernel ELF before it goes into a disk image, so that a bad file ends in a one-line
// message on the host instead of a machine that silently reboots.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "config/config.h"
#include "kernel_rules.h"

namespace kbuild {

// x86_64 addresses the loader must never place a kernel byte in: the first MiB holds the
// bootloader's own stages, stacks and buffers (BIOS data included).
inline constexpr uint64_t kLoaderLowMemoryEnd = kbuild_rules::kLoaderLowMemoryEnd;
// Start of the upper canonical half (48-bit virtual addresses).
inline constexpr uint64_t kHigherHalfStart = 0xffff800000000000;

struct LoadSegment {
  uint64_t offset, vaddr, paddr, filesz, memsz, align;
  uint32_t flags;  // elf::PF_*
};

struct KernelElf {
  uint64_t entry = 0;
  std::vector<LoadSegment> segments;  // PT_LOAD only, in file order
  // Range covered by the segments with memsz > 0: [lowest_vaddr, highest_vaddr_end).
  uint64_t lowest_vaddr = 0, highest_vaddr_end = 0;
  // Some segment lies in the upper canonical half, so the loader must map it there.
  bool higher_half = false;
};

// Checks `bytes` (the whole file), a kernel for `arch`, and fills *out. On failure, *err is one
// line without the file name (the caller prefixes "path: "), saying what is wrong and, where it
// helps, what to do.
bool validate_kernel_elf(std::span<const uint8_t> bytes, KernelElf* out, std::string* err,
                         Arch arch = Arch::x86_64);

// The architecture an ELF file's header names; false when it is no ELF64 file of one kbuild knows.
bool elf_file_arch(std::span<const uint8_t> bytes, Arch* out);

}  // namespace kbuild
