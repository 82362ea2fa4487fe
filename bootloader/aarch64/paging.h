// common/paging.h's PageTables for AArch64 at EL1 (aarch64/paging.cpp): 4 KiB granule, four
// levels, 48-bit addresses; map_4k gives a level-3 page, map_2m a level-2 block, pml4() the
// root for TTBR0/TTBR1. Flags come in common/paging.h's words (kPageWritable, kPageNoExecute
// for EL1) plus kPageDevice below; every entry is accessed, never executable at EL0.
#pragma once
#include <stdint.h>

#include "../common/paging.h"

namespace a64 {

// MAIR_EL1 attribute indices.
constexpr uint64_t kAttrNormal = 0;  // normal memory, write-back cacheable
constexpr uint64_t kAttrDevice = 1;  // Device-nGnRE, for MMIO
constexpr uint64_t kMair = 0xffull | (0x04ull << 8);

}  // namespace a64

// A request flag of aarch64's own: Device-nGnRE instead of normal write-back memory.
constexpr uint64_t kPageDevice = 1ull << 4;
