#include "memory.h"

#include "a64.h"

namespace a64 {

void Memory::init(const Range* ram, int count) {
  ram_count_ = taken_count_ = 0;
  for (int i = 0; i < count; ++i) {
    uint64_t base = align_up(ram[i].base, kPage), end = align_down(ram[i].end, kPage);
    if (end <= base) continue;
    if (ram_count_ == DeviceTree::kMaxRanges) fail("more than 64 separate ranges of RAM");
    ram_[ram_count_++] = {base, end};
  }
  // Sorted by base, so the map comes out sorted.
  for (int i = 1; i < ram_count_; ++i)
    for (int j = i; j > 0 && ram_[j].base < ram_[j - 1].base; --j) {
      Range t = ram_[j];
      ram_[j] = ram_[j - 1];
      ram_[j - 1] = t;
    }
  int merged = 0;
  for (int i = 0; i < ram_count_; ++i) {
    if (merged > 0 && ram_[i].base <= ram_[merged - 1].end) {
      if (ram_[i].end > ram_[merged - 1].end) ram_[merged - 1].end = ram_[i].end;
    } else {
      ram_[merged++] = ram_[i];
    }
  }
  ram_count_ = merged;
  if (ram_count_ == 0) fail("the firmware describes no whole page of RAM");
}

bool Memory::holds_ram(uint64_t base, uint64_t end) const {
  for (int i = 0; i < ram_count_; ++i)
    if (ram_[i].base < end && base < ram_[i].end) return true;
  return false;
}

void Memory::take(uint64_t base, uint64_t end, uint32_t type) {
  if (end <= base) return;
  base = align_down(base, kPage);
  end = align_up(end, kPage);
  for (int i = 0; i < taken_count_; ++i) {  // a neighbour of the same type grows
    Taken& t = taken_[i];
    if (t.type != type) continue;
    if (t.end == base) { t.end = end; return; }
    if (t.base == end) { t.base = base; return; }
  }
  if (taken_count_ == kMaxTaken) fail("more than 256 reserved or allocated ranges");
  taken_[taken_count_++] = {base, end, type};
}

uint64_t Memory::allocate(uint64_t size, uint32_t type) {
  size = align_up(size, kPage);
  for (int r = ram_count_ - 1; r >= 0; --r) {
    uint64_t top = ram_[r].end;
    while (top >= ram_[r].base + size) {
      uint64_t base = top - size;
      bool clear = true;
      for (int i = 0; i < taken_count_ && clear; ++i) {
        if (taken_[i].base < base + size && base < taken_[i].end) {
          clear = false;
          top = taken_[i].base;  // below what is in the way
        }
      }
      if (!clear) continue;
      take(base, base + size, type);
      memset(phys<void>(base), 0, size);
      return base;
    }
  }
  Message().str("out of memory: no free ").hex(size).str(" bytes of RAM; give QEMU more with [run] memory").fail();
}

uint64_t Memory::ram_end() const { return ram_[ram_count_ - 1].end; }

uint64_t Memory::write_map(kbuild_memory_region* out, uint64_t capacity) const {
  uint64_t n = 0;
  auto emit = [&](uint64_t base, uint64_t end, uint32_t type) {
    if (end <= base) return;
    if (n > 0 && out[n - 1].type == type && out[n - 1].base + out[n - 1].length == base) {
      out[n - 1].length += end - base;
      return;
    }
    if (n == capacity) fail("the memory map has more entries than its page holds");
    out[n++] = {base, end - base, type, 0};
  };
  for (int r = 0; r < ram_count_; ++r) {
    // Walk the RAM range, at each step emitting up to the next taken range that starts in it.
    uint64_t at = ram_[r].base;
    while (at < ram_[r].end) {
      const Taken* next = nullptr;
      for (int i = 0; i < taken_count_; ++i) {
        const Taken& t = taken_[i];
        if (t.end <= at || t.base >= ram_[r].end) continue;
        if (!next || t.base < next->base) next = &t;
      }
      if (!next) {
        emit(at, ram_[r].end, KBUILD_MEMORY_USABLE);
        break;
      }
      if (next->base > at) emit(at, next->base, KBUILD_MEMORY_USABLE);
      uint64_t from = next->base > at ? next->base : at;
      uint64_t to = next->end < ram_[r].end ? next->end : ram_[r].end;
      emit(from, to, next->type);
      at = to;
    }
  }
  return n;
}

}  // namespace a64
