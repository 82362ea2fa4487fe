// Physical memory for the loader: RAM from the device tree, what is taken (the loader, the
// device tree, the initrd, reservations, the loader's own allocations, each with its kbuild
// type), a top-down page allocator over the rest, and the kernel's memory map made from both.
#pragma once
#include <kbuild/boot.h>

#include "fdt.h"

namespace a64 {

class Memory {
 public:
  static constexpr int kMaxTaken = 128;
  void init(const DeviceTree& tree);
  // Marks [base, end) as `type` (rounded out to pages when it is RAM of kbuild's).
  void take(uint64_t base, uint64_t end, uint32_t type);
  // `size` bytes (whole pages), zeroed, recorded as `type`. Fails the boot when nothing fits.
  uint64_t allocate(uint64_t size, uint32_t type);
  uint64_t ram_end() const;
  // The kernel's map: RAM usable except what is taken; sorted, non-overlapping. Returns the
  // number of entries written (at most `capacity`).
  uint64_t write_map(kbuild_memory_region* out, uint64_t capacity) const;

 private:
  Range ram_[DeviceTree::kMaxRanges];
  int ram_count_ = 0;
  struct Taken {
    uint64_t base, end;
    uint32_t type;
  } taken_[kMaxTaken];
  int taken_count_ = 0;
};

}  // namespace a64
