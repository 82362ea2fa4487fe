#include "memory_map.h"

#include <kbuild/boot.h>

#include "console.h"
#include "lib.h"

namespace {

// Where two firmware entries overlap, the more restrictive type wins.
int rank(uint32_t type) {
  switch (type) {
    case 0:
      return 0;  // nothing yet
    case KBUILD_MEMORY_USABLE:
      return 1;
    case KBUILD_MEMORY_ACPI_RECLAIMABLE:
      return 2;
    case KBUILD_MEMORY_ACPI_NVS:
      return 3;
    case KBUILD_MEMORY_EFI_RUNTIME:
      return 4;
    case KBUILD_MEMORY_RESERVED:
      return 5;
    default:
      return 6;
  }
}

uint64_t points[2 * MemoryMap::kMaxRaw];

}  // namespace

void MemoryMap::build(const Region* raw, int n) {
  // Cut the line at every entry boundary; each piece takes the strongest type covering it.
  int np = 0;
  for (int i = 0; i < n; ++i) {
    points[np++] = raw[i].base;
    points[np++] = raw[i].end;
  }
  for (int i = 1; i < np; ++i) {  // insertion sort: a few hundred points at most
    uint64_t p = points[i];
    int j = i - 1;
    for (; j >= 0 && points[j] > p; --j) points[j + 1] = points[j];
    points[j + 1] = p;
  }
  count_ = 0;
  for (int i = 0; i + 1 < np; ++i) {
    uint64_t a = points[i], b = points[i + 1];
    if (a == b) continue;
    uint32_t type = 0;
    for (int k = 0; k < n; ++k) {
      if (raw[k].base <= a && b <= raw[k].end && rank(raw[k].type) > rank(type)) type = raw[k].type;
    }
    if (type == 0) continue;
    if (count_ == kMaxRegions) fail("memory map too large");
    regions_[count_++] = {a, b, type};
  }
  merge();
  for (int i = 0; i < count_;) {  // usable RAM in whole pages only
    Region& r = regions_[i];
    if (r.type == KBUILD_MEMORY_USABLE) {
      r.base = align_up(r.base, kPageSize);
      r.end = align_down(r.end, kPageSize);
      if (r.base >= r.end) {
        remove(i);
        continue;
      }
    }
    ++i;
  }
}

void MemoryMap::insert(int at, const Region& region) {
  if (count_ == kMaxRegions) fail("memory map too large");
  for (int i = count_; i > at; --i) regions_[i] = regions_[i - 1];
  regions_[at] = region;
  ++count_;
}

void MemoryMap::remove(int at) {
  for (int i = at; i + 1 < count_; ++i) regions_[i] = regions_[i + 1];
  --count_;
}

void MemoryMap::merge() {
  for (int i = 0; i + 1 < count_;) {
    if (regions_[i].end == regions_[i + 1].base && regions_[i].type == regions_[i + 1].type) {
      regions_[i].end = regions_[i + 1].end;
      remove(i + 1);
    } else {
      ++i;
    }
  }
}

bool MemoryMap::carve(uint64_t base, uint64_t end, uint32_t type) {
  for (int i = 0; i < count_; ++i) {
    Region r = regions_[i];
    if (r.type != KBUILD_MEMORY_USABLE || base < r.base || end > r.end) continue;
    if (base >= end) return true;
    int at = i;
    remove(i);
    if (r.base < base) insert(at++, {r.base, base, r.type});
    insert(at++, {base, end, type});
    if (end < r.end) insert(at, {end, r.end, r.type});
    merge();
    return true;
  }
  return false;
}

bool MemoryMap::try_allocate(uint64_t size, uint32_t type, uint64_t min, uint64_t max,
                             uint64_t* base) {
  size = align_up(size, kPageSize);
  for (int i = count_ - 1; i >= 0; --i) {
    const Region& r = regions_[i];
    if (r.type != KBUILD_MEMORY_USABLE) continue;
    uint64_t top = align_down(r.end < max ? r.end : max, kPageSize);
    uint64_t bottom = r.base > min ? r.base : min;
    if (top < bottom || top - bottom < size) continue;
    *base = top - size;
    carve(*base, top, type);
    return true;
  }
  return false;
}

void fail_out_of_memory(uint64_t size, uint64_t limit) {
  Message()
      .str("not enough memory: no free block of ")
      .dec(align_up(size, kPageSize) / 1024)
      .str(" KiB below ")
      .hex(limit)
      .fail();
}

uint64_t MemoryMap::allocate(uint64_t size, uint32_t type, uint64_t min, uint64_t max) {
  uint64_t base = 0;
  if (!try_allocate(size, type, min, max, &base)) fail_out_of_memory(size, max);
  return base;
}

void MemoryMap::carve_below(uint64_t limit, uint32_t type) {
  for (int i = 0; i < count_; ++i) {
    Region r = regions_[i];
    if (r.type == KBUILD_MEMORY_USABLE && r.base < limit) carve(r.base, r.end < limit ? r.end : limit, type);
  }
}

uint64_t MemoryMap::ram_end() const {
  uint64_t end = 0;
  for (int i = 0; i < count_; ++i) {
    if (regions_[i].type != KBUILD_MEMORY_RESERVED && regions_[i].end > end) end = regions_[i].end;
  }
  return end;
}
