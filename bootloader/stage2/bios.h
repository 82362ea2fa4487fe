// BIOS calls from the 64-bit loader, all through one real-mode thunk (bios_thunk.S).
#pragma once
#include <stdint.h>

struct bios_regs {
  uint32_t eax, ebx, ecx, edx, esi, edi, ebp, eflags;
  uint16_t ds, es;
  uint32_t reserved;
};
static_assert(sizeof(bios_regs) == 40, "REGS_SIZE in bios_thunk.S");

constexpr uint32_t kCarryFlag = 1;

extern "C" void bios_call(uint8_t vector, bios_regs* regs);

// Real-mode segment:offset for a buffer below 1 MiB.
inline uint16_t real_segment(uint64_t address) { return static_cast<uint16_t>(address >> 4); }
inline uint16_t real_offset(uint64_t address) { return static_cast<uint16_t>(address & 0xf); }
