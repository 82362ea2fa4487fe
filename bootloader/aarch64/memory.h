// Physical memory for the loader, the same on both ways in: RAM (from the device tree, or from
// UEFI's map after ExitBootServices), what is taken (the loader, the device tree, the disk image
// or the files read from it, reservations or the firmware's runtime memory, the loader's own
// allocations, each with its kbuild type), a top-down page allocator over the rest, and the
// kernel's memory map made from both.
#pragma once
#include <kbuild/boot.h>

#include "fdt.h"

namespace a64 {

class Memory {
 public:
  static constexpr int kMaxTaken = 256;
  // RAM: `count` ranges in any order; touching ones become one. Fails the boot without a page.
  void init(const Range* ram, int count);
  // Marks [base, end) as `type` (rounded out to pages when it is RAM of kbuild's).
  void take(uint64_t base, uint64_t end, uint32_t type);
  // `size` bytes (whole pages), zeroed, recorded as `type`. Fails the boot when nothing fits.
  uint64_t allocate(uint64_t size, uint32_t type);
  uint64_t ram_end() const;
  // Whether any RAM lies in [base, end).
  bool holds_ram(uint64_t base, uint64_t end) const;
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
