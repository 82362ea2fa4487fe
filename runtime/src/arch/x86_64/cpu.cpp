// The CPU operations the neutral runtime needs (../../arch.h), on x86_64.
#include "../../arch.h"

#include <stdint.h>

extern "C" bool kbuild_arch_interrupts_off_save(void) {
  uint64_t flags;
  __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
  return (flags & (1u << 9)) != 0;  // IF
}

extern "C" void kbuild_arch_cpu_relax(void) { __builtin_ia32_pause(); }

extern "C" void kbuild_arch_interrupts_restore(bool on) {
  if (on) __asm__ volatile("sti" : : : "memory");
}

// Every PC has the VGA text buffer at 0xb8000 (under UEFI it is simply not shown).
extern "C" bool kbuild_arch_has_vga_text(void) { return true; }

// rbp points at {saved rbp, return address}.
extern "C" uintptr_t kbuild_arch_frame_record(uintptr_t frame) { return frame; }
