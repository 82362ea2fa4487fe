// Sv39 facts shared by the riscv64 loader's page tables and its address-space choices.
#pragma once
#include <stdint.h>

#include "kernel_rules.h"

namespace sv39 {

constexpr uint64_t kPteValid = 1, kPteRead = 2, kPteWrite = 4, kPteExecute = 8, kPteGlobal = 32,
                   kPteAccessed = 64, kPteDirty = 128;
constexpr int kPpnShift = 10;
constexpr int kRootShift = 30;  // each root entry spans 1 GiB
constexpr uint64_t kSatpModeSv39 = uint64_t{8} << 60;
constexpr uint64_t kHigherHalf = kbuild_rules::kSv39HigherHalf;

inline bool valid(uint64_t virt) { return kbuild_rules::sv39_address(virt); }
inline int root_slot(uint64_t virt) { return int((virt >> kRootShift) & 511); }
inline uint64_t slot_base(int slot) {
  uint64_t base = uint64_t(slot) << kRootShift;
  return slot >= 256 ? base | kHigherHalf : base;
}

}  // namespace sv39
