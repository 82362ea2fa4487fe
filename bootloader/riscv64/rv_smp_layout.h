/* One slot per hart the riscv64 loader starts (riscv64/smp.cpp fills it, entry.S's
 * secondary_entry reads it): the kernel's satp and where the hart parks. Included by the
 * assembly and the C++, so each offset lives here once. */
#ifndef KBUILD_RV_SMP_LAYOUT_H
#define KBUILD_RV_SMP_LAYOUT_H

#define RV_SLOT_SATP 0      /* the kernel's satp */
#define RV_SLOT_SELF 8      /* virtual: this slot through the physical memory mapping */
#define RV_SLOT_STARTED 16  /* u64: set by the hart once it is parked */
#define RV_SLOT_CPU 24      /* u64: virtual address of its struct kbuild_cpu, once listed */
#define RV_SLOT_SIZE 32

/* struct kbuild_cpu (<kbuild/boot.h>). */
#define RV_CPU_STACK_TOP 16
#define RV_CPU_GOTO 32

#endif
