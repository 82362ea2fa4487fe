// The CPU operations the neutral runtime needs (../../arch.h), on aarch64.
#include "../../arch.h"

#include <stdint.h>

extern "C" bool kbuild_arch_interrupts_off_save(void) {
  uint64_t daif;
  __asm__ volatile("mrs %0, daif; msr daifset, #0xf" : "=r"(daif) : : "memory");
  return (daif & (1u << 7)) == 0;  // I clear: IRQs were enabled
}

extern "C" void kbuild_arch_cpu_relax(void) { __asm__ volatile("yield"); }

extern "C" void kbuild_arch_interrupts_restore(bool on) {
  if (on) __asm__ volatile("msr daifclr, #0x2" : : : "memory");
}

// QEMU's virt board has no VGA text screen.
extern "C" bool kbuild_arch_has_vga_text(void) { return false; }

// x29 points at {saved x29, x30}.
extern "C" uintptr_t kbuild_arch_frame_record(uintptr_t frame) { return frame; }
