// The physical memory map in kbuild's types: built from the firmware's map (E820 or UEFI's),
// cleaned up (sorted, non-overlapping, merged, usable RAM in whole pages), then used by the BIOS
// loader as its allocator. Carving marks kbuild-owned regions inside usable RAM, so the map
// handed to the kernel is this map's final state.
#pragma once
#include <stdint.h>

struct Region {
  uint64_t base, end;  // [base, end)
  uint32_t type;       // KBUILD_MEMORY_*
};

// Fails the boot: no free block of `size` bytes below `limit`.
[[noreturn]] void fail_out_of_memory(uint64_t size, uint64_t limit);

class MemoryMap {
 public:
  static constexpr int kMaxRegions = 1024;
  static constexpr int kMaxRaw = 1024;  // firmware entries before the clean-up

  // Replaces the map with the firmware's entries (any order, may overlap: where they do, the
  // more restrictive type wins). Entries of length 0 must be left out by the caller.
  void build(const Region* raw, int n);
  // Marks [base, end) as `type`; it must lie inside usable RAM. False otherwise.
  bool carve(uint64_t base, uint64_t end, uint32_t type);
  // Marks all usable RAM below `limit` as `type`.
  void carve_below(uint64_t limit, uint32_t type);
  // Top-down, 4 KiB aligned, inside [min, max). Fails the boot when nothing fits.
  uint64_t allocate(uint64_t size, uint32_t type, uint64_t min, uint64_t max);
  bool try_allocate(uint64_t size, uint32_t type, uint64_t min, uint64_t max, uint64_t* base);
  // End of the highest region that is RAM (what the physical-memory mapping must cover).
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
