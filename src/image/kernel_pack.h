// Packing a kernel ELF for the loader: the ELF header, its PT_LOAD program headers and each
// segment's file bytes at an offset congruent to p_vaddr modulo 4096, every segment on pages
// of its own. No sections, no debug information. See bootloader/shared/boot_manifest.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "boot_limits.h"

namespace kbuild {

struct PackedSegment {
  uint64_t source_offset = 0;  // p_offset in the input ELF
  uint64_t packed_offset = 0;  // p_offset in the packed file
  uint64_t size = 0;           // p_filesz
};

struct PackedKernel {
  std::vector<uint8_t> headers;  // ELF header + program headers, the start of the packed file
  std::vector<PackedSegment> segments;
  uint64_t size = 0;  // of the packed file, a multiple of 4096
};

inline constexpr size_t kMaxPackedSegments = kbuild_limits::kMaxSegments;

// The input has been validated; this still refuses what it cannot pack.
bool pack_kernel(std::span<const uint8_t> elf, PackedKernel* out, std::string* err);

}  // namespace kbuild
