// What the architecture-neutral runtime asks of the CPU and the machine, defined once per architecture in
// runtime/src/arch/<arch>/cpu.cpp.
#ifndef KBUILD_RUNTIME_ARCH_H
#define KBUILD_RUNTIME_ARCH_H

extern "C" {
// Masks interrupts on this CPU; returns whether they were enabled.
bool kbuild_arch_interrupts_off_save(void);
// Enables them again when `on` (the value kbuild_arch_interrupts_off_save returned).
void kbuild_arch_interrupts_restore(bool on);
// A hint that this CPU is spinning on a lock (pause, yield).
void kbuild_arch_cpu_relax(void);
// Whether the machine has the PC's VGA text buffer, the console's screen without a framebuffer.
bool kbuild_arch_has_vga_text(void);
}

#endif
