/* One slot per CPU the aarch64 loader starts (aarch64/smp.cpp fills it, enter_kernel.S's
 * secondary_entry and park_cpu read it): the boot CPU's translation state and where the CPU
 * parks. Included by the assembly and the C++, so each offset lives here once. */
#ifndef KBUILD_A64_SMP_LAYOUT_H
#define KBUILD_A64_SMP_LAYOUT_H

#define A64_SLOT_TTBR1 0
#define A64_SLOT_TTBR0 8     /* the identity map secondary_entry turns the MMU on with */
#define A64_SLOT_MAIR 16
#define A64_SLOT_TCR 24
#define A64_SLOT_VBAR 32     /* virtual: the vectors' page, which holds park_cpu */
#define A64_SLOT_SELF 40     /* virtual: this slot through the physical memory mapping */
#define A64_SLOT_STARTED 48  /* u64: set by the CPU once it is parked */
#define A64_SLOT_CPU 56      /* u64: virtual address of its struct kbuild_cpu, once listed */
#define A64_SLOT_SIZE 64

/* struct kbuild_cpu (<kbuild/boot.h>), for park_cpu. */
#define A64_CPU_STACK_TOP 16
#define A64_CPU_GOTO 32

#endif
