// What the architecture-neutral runtime asks of the CPU and the machine, defined once per architecture in
// runtime/src/arch/<arch>/cpu.cpp.
#ifndef KBUILD_RUNTIME_ARCH_H
#define KBUILD_RUNTIME_ARCH_H

#include <stdint.h>

extern "C" {
// Masks interrupts on this CPU; returns whether they were enabled.
bool kbuild_arch_interrupts_off_save(void);
// Enables them again when `on` (the value kbuild_arch_interrupts_off_save returned).
void kbuild_arch_interrupts_restore(bool on);
// A hint that this CPU is spinning on a lock (pause, yield).
void kbuild_arch_cpu_relax(void);
// Whether the machine has the PC's VGA text buffer, the console's screen without a framebuffer.
bool kbuild_arch_has_vga_text(void);
// Whether the UART can be written now (set up on the first call); false while it cannot be
// reached (aarch64 before the boot information names the physical memory mapping).
bool kbuild_arch_serial_ready(void);
// Sends one byte, waiting a bounded time for room: a UART that never drains must not hang the
// kernel (runtime/src/arch/<arch>/serial.cpp).
void kbuild_arch_serial_put(char c);
// Where the frame record {caller's frame pointer, return address} of frame pointer `frame` lies:
// at it (x86_64, aarch64) or just below it (riscv64, whose frame pointer is the caller's sp).
uintptr_t kbuild_arch_frame_record(uintptr_t frame);
}

#endif
