/* Starting the other CPUs kbuild's loader parked (struct kbuild_cpu in <kbuild/boot.h>, listed
 * by kbuild_boot_info.cpus). Header-only, C and C++. */
#ifndef KBUILD_SMP_H
#define KBUILD_SMP_H

#include <kbuild/boot.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*kbuild_cpu_function)(struct kbuild_cpu* cpu);

/* Sends a parked CPU to `fn` on the stack below `stack_top` (16-byte aligned), with `argument`
 * in cpu->argument, on the page tables the kernel was entered with and with interrupts off.
 * x86_64: fn(cpu) runs with rsp = stack_top - 8 (a zero return address pushed). aarch64: at
 * EL1 with the MMU on, x0 = cpu, sp = stack_top, DAIF masked; the CPU waits with wfe, so the
 * store is followed by dsb and sev. riscv64: in S-mode, a0 = cpu, sp = stack_top, on the
 * kernel's satp. stack_top and argument are written first, goto_address
 * last with a release store, so the CPU sees both. fn must not return. Call it once per CPU
 * (never for the boot CPU, cpus[i].hw_id == boot_cpu_id). */
static inline void kbuild_start_cpu(struct kbuild_cpu* cpu, kbuild_cpu_function fn, void* stack_top,
                                    uint64_t argument) {
  cpu->stack_top = (uint64_t)(uintptr_t)stack_top;
  cpu->argument = argument;
  __atomic_store_n(&cpu->goto_address, (uint64_t)(uintptr_t)fn, __ATOMIC_RELEASE);
#if defined(__aarch64__)
  __asm__ volatile("dsb ish\n\tsev" ::: "memory");  /* wakes the CPU from its wfe */
#endif
}

#ifdef __cplusplus
}
#endif
#endif
