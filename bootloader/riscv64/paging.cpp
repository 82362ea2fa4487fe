// common/paging.h's PageTables for Sv39: the same interface (so common/kernel.cpp maps the
// kernel unchanged), three levels instead of four. pml4() is the root table, satp's PPN.
// Flags come in common/paging.h's words: kPageWritable gives R+W (else R), kPageNoExecute
// drops X. Every leaf has A and D set (QEMU may fault instead of setting them) and G.
#include "paging.h"

#include "console.h"
#include "lib.h"
#include "platform.h"
#include "sv39.h"

namespace {

uint64_t* table_at(uint64_t pte) { return phys_ptr<uint64_t>((pte >> sv39::kPpnShift) << 12); }
uint64_t pointer_pte(uint64_t phys) { return (phys >> 12) << sv39::kPpnShift | sv39::kPteValid; }
int index_at(uint64_t virt, int level) { return int((virt >> (12 + 9 * level)) & 511); }

[[noreturn]] void fail_mapping(const char* what, uint64_t virt, const char* why) {
  Message().str("cannot map ").str(what).str(" at ").hex(virt).str(": ").str(why).fail();
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
  uint64_t pte = sv39::kPteValid | sv39::kPteRead | sv39::kPteAccessed | sv39::kPteDirty |
                 sv39::kPteGlobal;
  if (requested & kPageWritable) pte |= sv39::kPteWrite;
  if (!(requested & kPageNoExecute) || !nx_) pte |= sv39::kPteExecute;
  return pte;
}

uint64_t* PageTables::next(uint64_t* table, int index, uint64_t virt, const char* what) {
  uint64_t& entry = table[index];
  if (!(entry & sv39::kPteValid)) entry = pointer_pte(new_table(frame_type_));
  if (entry & (sv39::kPteRead | sv39::kPteWrite | sv39::kPteExecute))
    fail_mapping(what, virt, "a large page is mapped there already");
  return table_at(entry);
}

void PageTables::map_4k(uint64_t virt, uint64_t phys, uint64_t flags_in, const char* what) {
  if (!sv39::valid(virt)) fail_mapping(what, virt, "the address is outside Sv39's 39-bit space");
  uint64_t* mid = next(phys_ptr<uint64_t>(pml4_), index_at(virt, 2), virt, what);
  uint64_t* leaf = next(mid, index_at(virt, 1), virt, what);
  uint64_t& entry = leaf[index_at(virt, 0)];
  if (entry & sv39::kPteValid) fail_mapping(what, virt, "something is mapped there already");
  entry = (phys >> 12) << sv39::kPpnShift | flags(flags_in);
}

void PageTables::map_2m(uint64_t virt, uint64_t phys, uint64_t flags_in, const char* what) {
  if (!sv39::valid(virt)) fail_mapping(what, virt, "the address is outside Sv39's 39-bit space");
  uint64_t* mid = next(phys_ptr<uint64_t>(pml4_), index_at(virt, 2), virt, what);
  uint64_t& entry = mid[index_at(virt, 1)];
  if (entry & sv39::kPteValid) fail_mapping(what, virt, "something is mapped there already");
  entry = (phys >> 12) << sv39::kPpnShift | flags(flags_in);
}
