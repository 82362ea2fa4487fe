#include "paging.h"

#include <kbuild/boot.h>

#include "console.h"
#include "lib.h"
#include "platform.h"

namespace {

[[noreturn]] void conflict(uint64_t virt, const char* what) {
  Message()
      .str("cannot map ")
      .str(what)
      .str(" at ")
      .hex(virt)
      .str(
          ": the address is already mapped (kernel segments, stack and physical memory mapping "
          "overlap)")
      .fail();
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
  return nx_ ? requested : requested & ~kPageNoExecute;
}

uint64_t* PageTables::next(uint64_t* table, int index, uint64_t virt, const char* what) {
  uint64_t entry = table[index];
  if (!(entry & kPagePresent)) {
    entry = new_table(frame_type_) | kPagePresent | kPageWritable;
    table[index] = entry;
  } else if (entry & kPageHuge) {
    conflict(virt, what);
  }
  return phys_ptr<uint64_t>(entry & kPageAddressMask);
}

void PageTables::map_4k(uint64_t virt, uint64_t phys, uint64_t requested, const char* what) {
  uint64_t* pdpt = next(phys_ptr<uint64_t>(pml4_), pml4_slot(virt), virt, what);
  uint64_t* pd = next(pdpt, table_index(virt, kPdptShift), virt, what);
  uint64_t* pt = next(pd, table_index(virt, kPdShift), virt, what);
  uint64_t& entry = pt[table_index(virt, kPtShift)];
  if (entry & kPagePresent) conflict(virt, what);
  entry = phys | flags(requested) | kPagePresent;
}

void PageTables::map_2m(uint64_t virt, uint64_t phys, uint64_t requested, const char* what) {
  uint64_t* pdpt = next(phys_ptr<uint64_t>(pml4_), pml4_slot(virt), virt, what);
  uint64_t* pd = next(pdpt, table_index(virt, kPdptShift), virt, what);
  uint64_t& entry = pd[table_index(virt, kPdShift)];
  if (entry & kPagePresent) conflict(virt, what);
  entry = phys | flags(requested) | kPagePresent | kPageHuge;
}
