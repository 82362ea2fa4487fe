// 4-level page tables, built in frames from platform_allocate (platform.h).
#pragma once
#include <stdint.h>

constexpr uint64_t kPagePresent = 1;
constexpr uint64_t kPageWritable = 2;
constexpr uint64_t kPageHuge = 0x80;
constexpr uint64_t kPageNoExecute = 1ULL << 63;
constexpr uint64_t kPageAddressMask = 0x000ffffffffff000ULL;
constexpr uint64_t kPageTableEntries = 512;
constexpr uint64_t kLargePageSize = 2 * 1024 * 1024;  // what map_2m maps

// Where each level's index sits in a virtual address.
constexpr int kPml4Shift = 39, kPdptShift = 30, kPdShift = 21, kPtShift = 12;

inline int table_index(uint64_t virt, int shift) {
  return static_cast<int>((virt >> shift) & (kPageTableEntries - 1));
}
inline int pml4_slot(uint64_t virt) { return table_index(virt, kPml4Shift); }

class PageTables {
 public:
  // Frames are recorded with memory type `frame_type` (KBUILD_MEMORY_*).
  PageTables(uint32_t frame_type, bool nx_supported);
  // Maps one 4 KiB or 2 MiB page; a page already mapped fails the boot with `what`.
  void map_4k(uint64_t virt, uint64_t phys, uint64_t flags, const char* what);
  void map_2m(uint64_t virt, uint64_t phys, uint64_t flags, const char* what);
  uint64_t pml4() const { return pml4_; }

 private:
  uint64_t* next(uint64_t* table, int index, uint64_t virt, const char* what);
  uint64_t flags(uint64_t requested) const;

  uint32_t frame_type_;
  bool nx_;
  uint64_t pml4_;
};
