#include "paging.h"

#include <kbuild/boot.h>

#include "../common/console.h"
#include "../common/lib.h"
#include "../common/platform.h"

namespace {

constexpr uint64_t kValid = 1, kTable = 2, kPageDescriptor = 2;  // bit 1: table (levels 0-2) or page (level 3)
constexpr uint64_t kAddressMask = 0x0000fffffffff000ull;
constexpr uint64_t kReadOnly = 1ull << 7;               // AP[2]: EL1 read-only
constexpr uint64_t kInnerShareable = 3ull << 8;         // SH
constexpr uint64_t kAccessed = 1ull << 10;              // AF
constexpr uint64_t kPrivilegedNoExecute = 1ull << 53;   // PXN
constexpr uint64_t kUserNoExecute = 1ull << 54;         // UXN

int index_at(uint64_t virt, int level) { return int((virt >> (39 - 9 * level)) & 511); }

[[noreturn]] void conflict(uint64_t virt, const char* what) {
  Message().str(what).str(" overlaps another mapping at ").hex(virt).fail();
}

uint64_t new_table(uint32_t type) {
  uint64_t frame = platform_allocate(kPageSize, type);
  memset(phys_ptr<void>(frame), 0, kPageSize);
  return frame;
}

}  // namespace

PageTables::PageTables(uint32_t frame_type, bool nx_supported)
    : frame_type_(frame_type), nx_(nx_supported), pml4_(new_table(frame_type)) {}

uint64_t PageTables::flags(uint64_t requested) const {
  uint64_t d = kAccessed | kUserNoExecute;
  d |= requested & kPageDevice ? a64::kAttrDevice << 2 : a64::kAttrNormal << 2 | kInnerShareable;
  if (!(requested & kPageWritable)) d |= kReadOnly;
  if (requested & kPageNoExecute && nx_) d |= kPrivilegedNoExecute;
  return d;
}

uint64_t* PageTables::next(uint64_t* table, int index, uint64_t virt, const char* what) {
  uint64_t& entry = table[index];
  if (!(entry & kValid)) entry = new_table(frame_type_) | kTable | kValid;
  else if (!(entry & kTable)) conflict(virt, what);  // a block is in the way
  return phys_ptr<uint64_t>(entry & kAddressMask);
}

void PageTables::map_4k(uint64_t virt, uint64_t phys, uint64_t requested, const char* what) {
  uint64_t* table = phys_ptr<uint64_t>(pml4_);
  for (int level = 0; level < 3; ++level) table = next(table, index_at(virt, level), virt, what);
  uint64_t& entry = table[index_at(virt, 3)];
  if (entry & kValid) conflict(virt, what);
  entry = phys | flags(requested) | kPageDescriptor | kValid;
}

void PageTables::map_2m(uint64_t virt, uint64_t phys, uint64_t requested, const char* what) {
  uint64_t* table = phys_ptr<uint64_t>(pml4_);
  for (int level = 0; level < 2; ++level) table = next(table, index_at(virt, level), virt, what);
  uint64_t& entry = table[index_at(virt, 2)];
  if (entry & kValid) conflict(virt, what);
  entry = phys | flags(requested) | kValid;  // bit 1 clear: a block
}
