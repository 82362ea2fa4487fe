#include "paging.h"

#include <kbuild/boot.h>

#include "a64.h"

namespace a64 {
namespace {
constexpr uint64_t kValid = 1, kTable = 2, kPageDescriptor = 2;  // bit 1: table (levels 0-2) or page (level 3)
constexpr uint64_t kAddressMask = 0x0000fffffffff000ull;

uint64_t index(uint64_t virt, int level) { return (virt >> (39 - 9 * level)) & 511; }
}  // namespace

uint64_t PageTables::new_table() { return memory_->allocate(a64::kPage, KBUILD_MEMORY_PAGE_TABLES); }

// The entry for `virt` in the table `levels` below the root (1: level 1, 3: level 3).
uint64_t* PageTables::walk(uint64_t virt, int levels) {
  uint64_t table = root_;
  for (int level = 0; level < levels; ++level) {
    uint64_t& entry = phys<uint64_t>(table)[index(virt, level)];
    if (!(entry & kValid)) entry = new_table() | kTable | kValid;
    else if (!(entry & kTable)) return nullptr;  // a block is in the way
    table = entry & kAddressMask;
  }
  return &phys<uint64_t>(table)[index(virt, levels)];
}

void PageTables::map_page(uint64_t virt, uint64_t physical, uint64_t attributes, const char* what) {
  uint64_t* entry = walk(virt, 3);
  if (!entry || (*entry & kValid)) Message().str(what).str(" overlaps another mapping at ").hex(virt).fail();
  *entry = physical | attributes | kAccessed | kPageDescriptor | kValid;
}

void PageTables::map_block(uint64_t virt, uint64_t physical, uint64_t attributes, const char* what) {
  uint64_t* entry = walk(virt, 1);
  if (!entry || (*entry & kValid)) Message().str(what).str(" overlaps another mapping at ").hex(virt).fail();
  *entry = physical | attributes | kAccessed | kValid;  // bit 1 clear: a block
}

}  // namespace a64
