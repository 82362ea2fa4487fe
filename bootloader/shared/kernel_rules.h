// The rules a kernel's PT_LOAD segments must follow for kbuild's loaders, in one list used by
// both loaders (common/kernel.cpp, on the packed kernel) and by the host (src/image/
// elf_validate.cpp, on the linked ELF), so that whatever a loader would refuse, `kbuild image`
// refuses first, in the same words. Segments are named by address: the packed kernel keeps
// only PT_LOAD program headers, so an index would differ between the two files.
//
// Header-only and freestanding: <stdint.h> types only (the UEFI target is LLP64).
#ifndef KBUILD_KERNEL_RULES_H
#define KBUILD_KERNEL_RULES_H

#include <stdint.h>

#include "boot_limits.h"
#include "text.h"

namespace kbuild_rules {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kLoaderLowMemoryEnd = 0x100000;  // the first MiB is the loader's
constexpr int kMaxSegments = kbuild_limits::kMaxSegments;
constexpr uint32_t kPfExecute = 1;

struct Segment {
  uint64_t offset, vaddr, filesz, memsz;
  uint32_t flags;  // PF_*
};

inline bool canonical(uint64_t address) {
  uint64_t top = address >> 47;
  return top == 0 || top == 0x1ffff;
}

inline uint64_t page_down(uint64_t v) { return v & ~(kPageSize - 1); }
inline uint64_t page_up(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }

constexpr int kMessageCapacity = 320;

// Checks `segments` (PT_LOAD with p_memsz > 0, in file order) of a file of `file_size` bytes
// with entry point `entry`. `packed`: the file is kbuild's packed kernel, which must also have
// each segment page-congruent and on file pages of its own. On a violation writes one line
// (without a file name) to `message` and returns false.
inline bool check_segments(const Segment* segments, int count, uint64_t entry, uint64_t file_size,
                           bool packed, char (&message)[kMessageCapacity]) {
  kbuild_text::Text t(message, kMessageCapacity);
  if (count == 0) {
    t.str("no PT_LOAD segment with contents: nothing would be loaded; check the linker script");
    return false;
  }
  if (count > kMaxSegments) {
    t.dec(count).str(" PT_LOAD segments; the loader takes at most ").dec(kMaxSegments).str(
        ": merge output sections in the linker script");
    return false;
  }
  bool entry_ok = false;
  for (int i = 0; i < count; ++i) {
    const Segment& s = segments[i];
    if (s.filesz > s.memsz) {
      t.str("the PT_LOAD segment at ").hex(s.vaddr).str(" has p_filesz ").hex(s.filesz).str(
           " larger than p_memsz ").hex(s.memsz).str(": the file is corrupt");
      return false;
    }
    if (s.offset > file_size || file_size - s.offset < s.filesz) {
      t.str("the PT_LOAD segment at ").hex(s.vaddr).str(" runs past the end of the file (")
          .hex(s.filesz).str(" bytes at offset ").hex(s.offset).str("): the file is truncated");
      return false;
    }
    if (packed && s.offset % kPageSize != s.vaddr % kPageSize) {
      t.str("the PT_LOAD segment at ").hex(s.vaddr).str(" is at file offset ").hex(s.offset)
          .str(", not congruent to its address modulo 4096: the packed kernel is corrupt");
      return false;
    }
    uint64_t end = s.vaddr + s.memsz;
    if (end < s.vaddr || !canonical(s.vaddr) || !canonical(end - 1)) {
      t.str("the PT_LOAD segment at ").hex(s.vaddr).str(" (").hex(s.memsz).str(
           " bytes) is not canonical: fix the address in the linker script");
      return false;
    }
    if (s.vaddr < kLoaderLowMemoryEnd) {
      t.str("the PT_LOAD segment at ").hex(s.vaddr).str(
           " lies in the first MiB, which the bootloader uses; link the kernel at or above "
           "0x100000 (e.g. 0xffffffff80000000 or 0x200000)");
      return false;
    }
    if ((s.flags & kPfExecute) && entry >= s.vaddr && entry < end) entry_ok = true;
  }
  // Each virtual page (and in the packed file each file page) belongs to one segment only: the
  // loaders map file pages in place, give each page one segment's permissions and zero the
  // tails of .bss pages.
  for (int i = 0; i < count; ++i) {
    const Segment& a = segments[i];
    for (int j = i + 1; j < count; ++j) {
      const Segment& b = segments[j];
      if (page_down(a.vaddr) < page_up(b.vaddr + b.memsz) &&
          page_down(b.vaddr) < page_up(a.vaddr + a.memsz)) {
        t.str("the PT_LOAD segment at ").hex(b.vaddr).str(" shares a page with the one at ")
            .hex(a.vaddr).str(": put each PT_LOAD on its own page (`. = ALIGN(0x1000)` in the "
                              "linker script)");
        return false;
      }
      if (packed && a.filesz && b.filesz &&
          page_down(a.offset) < page_up(b.offset + b.filesz) &&
          page_down(b.offset) < page_up(a.offset + a.filesz)) {
        t.str("the PT_LOAD segments at ").hex(a.vaddr).str(" and ").hex(b.vaddr).str(
             " share a file page: the packed kernel is corrupt");
        return false;
      }
    }
  }
  if (!entry_ok) {
    t.str("the entry point ").hex(entry).str(
         " is not inside an executable PT_LOAD segment: check ENTRY() in the linker script");
    return false;
  }
  return true;
}

// What each architecture's loader adds about where segments may be, keyed by the ELF's e_machine:
// aarch64's loader maps kernels through TTBR1 only (48-bit upper half); riscv64's uses Sv39,
// whose addresses are 39 bits sign-extended. x86_64's rules are all in check_segments.
constexpr uint16_t kMachineAarch64 = 183, kMachineRiscv = 243;
constexpr uint64_t kAarch64HigherHalf = 0xffff000000000000ull;  // TTBR1's half, 48-bit addresses
constexpr uint64_t kSv39HigherHalf = 0xffffffc000000000ull;     // where Sv39's upper half begins

inline bool sv39_address(uint64_t address) {
  uint64_t top = address >> 38;  // bits 63..39 copy bit 38
  return top == 0 || top == (uint64_t{1} << 26) - 1;
}

inline bool check_address_space(uint16_t machine, const Segment* segments, int count,
                                char (&message)[kMessageCapacity]) {
  kbuild_text::Text t(message, kMessageCapacity);
  for (int i = 0; i < count; ++i) {
    const Segment& s = segments[i];
    if (machine == kMachineAarch64 && s.vaddr < kAarch64HigherHalf) {
      t.str("the PT_LOAD segment at ").hex(s.vaddr).str(
           " is in the lower half; the aarch64 loader maps kernels at 0xffff000000000000 and up: "
           "link it in the higher half");
      return false;
    }
    if (machine == kMachineRiscv && (!sv39_address(s.vaddr) || !sv39_address(s.vaddr + s.memsz - 1))) {
      t.str("the PT_LOAD segment at ").hex(s.vaddr).str(" (").hex(s.memsz).str(
           " bytes) is outside Sv39's address space (up to 0x3fffffffff, or 0xffffffc000000000 and "
           "up): link it at 0xffffffff80000000, as kbuild's linker script does");
      return false;
    }
  }
  return true;
}

}  // namespace kbuild_rules

#endif
