// The CPU operations the neutral runtime needs (../../arch.h), on riscv64 (S-mode).
#include "../../arch.h"

#include <stdint.h>

namespace {
constexpr uint64_t kSstatusSie = 1u << 1;  // supervisor interrupts enabled
}  // namespace

extern "C" bool kbuild_arch_interrupts_off_save(void) {
  uint64_t sstatus;
  __asm__ volatile("csrrci %0, sstatus, %1" : "=r"(sstatus) : "i"(kSstatusSie) : "memory");
  return (sstatus & kSstatusSie) != 0;
}

extern "C" void kbuild_arch_interrupts_restore(bool on) {
  if (on) __asm__ volatile("csrsi sstatus, %0" : : "i"(kSstatusSie) : "memory");
}

// No pause hint in rv64imac (Zihintpause is an extension): spinning needs none.
extern "C" void kbuild_arch_cpu_relax(void) {}

// QEMU's virt board has no VGA text screen.
extern "C" bool kbuild_arch_has_vga_text(void) { return false; }

// s0 is the caller's sp: the saved s0 and ra lie just below it.
extern "C" uintptr_t kbuild_arch_frame_record(uintptr_t frame) { return frame - 16; }
