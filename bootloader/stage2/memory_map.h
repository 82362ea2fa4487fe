// The physical memory map: E820 read and cleaned up, then used as the allocator. Allocating
// carves kbuild-owned regions out of usable RAM, so the map handed to the kernel is the
// allocator's final state.
#pragma once
#include <stdint.h>

struct Region {
  uint64_t base, end;  // [base, end)
  uint32_t type;       // KBUILD_MEMORY_*
};

class MemoryMap {
 public:
  static constexpr int kMaxRegions = 1024;

  void read_e820();
  // Marks [base, end) as `type`; it must lie inside usable RAM. False otherwise.
  bool carve(uint64_t base, uint64_t end, uint32_t type);
  // Top-down, 4 KiB aligned, inside [min, max). Fails the boot when nothing fits.
  uint64_t allocate(uint64_t size, uint32_t type, uint64_t min, uint64_t max);
  bool try_allocate(uint64_t size, uint32_t type, uint64_t min, uint64_t max, uint64_t* base);
  // End of the highest usable or ACPI region (what the physical-memory mapping must cover).
  uint64_t ram_end() const;

  int count() const { return count_; }
  const Region& operator[](int i) const { return regions_[i]; }

 private:
  void insert(int at, const Region& region);
  void remove(int at);
  void merge();

  Region regions_[kMaxRegions];
  int count_ = 0;
};
