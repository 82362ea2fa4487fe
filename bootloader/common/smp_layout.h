/* The page the other CPUs start in (below 1 MiB, 4 KiB aligned): the real-mode trampoline
 * (smp_trampoline.S) at its start, then the data the boot CPU fills for it and for the park
 * loop (enter_kernel.S), which reads it through the physical memory mapping. Included by the
 * assembly and by smp.cpp, so each offset lives here once. */
#ifndef KBUILD_SMP_LAYOUT_H
#define KBUILD_SMP_LAYOUT_H

#define SMP_DATA 0x200 /* the trampoline's code stays below this */

/* Offsets from SMP_DATA. */
#define SMP_GDT 0x00        /* a copy of the kernel's GDT, at most SMP_GDT_MAX bytes */
#define SMP_GDT_MAX 0x40
#define SMP_GDTR32 0x40     /* u16 limit, u32 base (physical): the copy, for real mode */
#define SMP_FAR_JUMP 0x48   /* u32 offset, u16 selector: into 64-bit code */
#define SMP_CR3_LOW 0x50    /* u32: tables that identity-map this page and map the park code */
#define SMP_CR0 0x54        /* u32: the boot CPU's CR0 */
#define SMP_EFER 0x58       /* u64: the boot CPU's EFER, LMA clear */
#define SMP_PARK 0x60       /* u64: virtual address of the park loop */
#define SMP_DATA_VIRT 0x68  /* u64: this data through the physical memory mapping */
#define SMP_KERNEL_CR3 0x70 /* u64 */
#define SMP_CR4 0x78        /* u64 */
#define SMP_PAT 0x80        /* u64 */
#define SMP_GDTR 0x88       /* u16 limit, u64 base: the kernel's GDT descriptor */
#define SMP_IDTR 0x98       /* ten zero bytes: IDTR limit 0 */
#define SMP_SELECTORS 0xa8  /* u16 code, u16 data */
#define SMP_X2APIC 0xac     /* u32: nonzero when the boot CPU's APIC is in x2APIC mode */
#define SMP_COUNT 0xb0      /* u32: entries in SMP_CPUS */
#define SMP_CPUS 0x100      /* struct SmpSlot[SMP_MAX_CPUS] */

/* One CPU's slot. */
#define SMP_SLOT_SIZE 40
#define SMP_SLOT_APIC_ID 0   /* u32: who it is (the park loop matches CPUID's APIC id) */
#define SMP_SLOT_STARTED 4   /* u32: set by the CPU when it is parked */
#define SMP_SLOT_INFO 8      /* u64: rdi on entry; nonzero once the boot CPU has listed it */
#define SMP_SLOT_GOTO 16     /* u64: virtual address of the word it spins on */
#define SMP_SLOT_STACK 24    /* u64: virtual address of the word rsp is loaded from */
#define SMP_SLOT_OWN_STACK 32 /* u64: a stack top the loader gave it (Limine's CPUs) */

#define SMP_MAX_CPUS 64
#define SMP_PAGE_USED (SMP_DATA + SMP_CPUS + SMP_MAX_CPUS * SMP_SLOT_SIZE)
#if SMP_PAGE_USED > 0x1000
#error "the start-up page outgrew its page"
#endif

#endif
