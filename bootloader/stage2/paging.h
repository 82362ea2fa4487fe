// The kernel's 4-level page tables, built in frames taken from the memory map.
#pragma once
#include <stdint.h>

class MemoryMap;

constexpr uint64_t kPagePresent = 1;
constexpr uint64_t kPageWritable = 2;
constexpr uint64_t kPageHuge = 0x80;
constexpr uint64_t kPageNoExecute = 1ULL << 63;

class PageTables {
 public:
  PageTables(MemoryMap* memory, bool nx_supported);
  // Maps one 4 KiB or 2 MiB page; a page already mapped fails the boot with `what`.
  void map_4k(uint64_t virt, uint64_t phys, uint64_t flags, const char* what);
  void map_2m(uint64_t virt, uint64_t phys, uint64_t flags, const char* what);
  uint64_t pml4() const { return pml4_; }

 private:
  uint64_t* next(uint64_t* table, int index, uint64_t virt, const char* what);
  uint64_t flags(uint64_t requested) const;

  MemoryMap* memory_;
  bool nx_;
  uint64_t pml4_;
};
