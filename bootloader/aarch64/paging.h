// 4 KiB-granule, 4-level (48-bit) translation tables for EL1: the kernel's (TTBR1) and the
// identity map the loader switches on (TTBR0).
#pragma once
#include <stdint.h>

#include "memory.h"

namespace a64 {

// MAIR_EL1 attribute indices.
constexpr uint64_t kAttrNormal = 0;  // normal memory, write-back cacheable
constexpr uint64_t kAttrDevice = 1;  // Device-nGnRE, for MMIO
constexpr uint64_t kMair = 0xffull | (0x04ull << 8);

// Descriptor attributes (lower and upper attributes of block and page descriptors).
constexpr uint64_t kReadOnly = 1ull << 7;           // AP[2]: EL1 read-only
constexpr uint64_t kInnerShareable = 3ull << 8;     // SH
constexpr uint64_t kAccessed = 1ull << 10;          // AF
constexpr uint64_t kPrivilegedNoExecute = 1ull << 53;  // PXN
constexpr uint64_t kUserNoExecute = 1ull << 54;        // UXN

class PageTables {
 public:
  PageTables(Memory* memory) : memory_(memory) { root_ = new_table(); }
  uint64_t root() const { return root_; }
  // One 4 KiB page; fails the boot, naming `what`, when the address is mapped already.
  void map_page(uint64_t virt, uint64_t physical, uint64_t attributes, const char* what);
  // One 1 GiB block (both addresses 1 GiB aligned).
  void map_block(uint64_t virt, uint64_t physical, uint64_t attributes, const char* what);

 private:
  uint64_t new_table();
  uint64_t* walk(uint64_t virt, int levels);
  Memory* memory_;
  uint64_t root_;
};

}  // namespace a64
