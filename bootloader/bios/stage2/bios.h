// BIOS calls from the 64-bit loader, all through one real-mode thunk (bios_thunk.S).
#pragma once
#include <stddef.h>
#include <stdint.h>

struct bios_regs {
  uint32_t eax, ebx, ecx, edx, esi, edi, ebp, eflags;
  uint16_t ds, es;
  uint32_t reserved;
};
static_assert(sizeof(bios_regs) == 40, "REGS_SIZE in bios_thunk.S");

constexpr uint32_t kCarryFlag = 1;

extern "C" void bios_call(uint8_t vector, bios_regs* regs);

// A whole disk read in one trip to real mode: INT 13h AH=42h calls of up to 64 KiB into the
// bounce buffer's slots, each full buffer copied to its destination from real mode (unreal
// mode). Updated in
// place: on success bytes is 0; on failure `failed` is set, lba is the first sector of the call
// that failed and status its INT 13h status (AH).
struct bios_disk_read {
  uint64_t lba;
  uint32_t dest;   // physical; the read must end below 4 GiB
  uint32_t bytes;  // the last sector may be read in part
  uint8_t drive;
  uint8_t failed;
  uint8_t status;
  uint8_t reserved[5];
};
static_assert(sizeof(bios_disk_read) == 24, "DISK_READ_SIZE in bios_thunk.S");
static_assert(offsetof(bios_disk_read, dest) == 8 && offsetof(bios_disk_read, bytes) == 12 &&
                  offsetof(bios_disk_read, drive) == 16 && offsetof(bios_disk_read, status) == 18,
              "disk_request in bios_thunk.S");

extern "C" void bios_read_disk(bios_disk_read* request);

// Real-mode segment:offset for a buffer below 1 MiB.
inline uint16_t real_segment(uint64_t address) { return static_cast<uint16_t>(address >> 4); }
inline uint16_t real_offset(uint64_t address) { return static_cast<uint16_t>(address & 0xf); }
