/* The last instructions before an aarch64 kernel, shared by both ways in (the direct loader and
 * BOOTAA64.EFI): both call enter_kernel with the MMU off. Plain .text, so it assembles for the
 * ELF and the COFF target alike. */
#include "a64_smp_layout.h"

    .text
    .balign 4
/* enter_kernel(x0 = TTBR1, x1 = TTBR0, x2 = MAIR, x3 = TCR, x4 = entry, x5 = stack top,
 *              x6 = boot info, x7 = VBAR): the MMU on, then the kernel. Runs on the identity
 * map in TTBR0, so the instruction after the SCTLR write is fetched at the same address; then
 * jumps to leave_identity in the higher-half copy of the vectors' page. */
    .globl enter_kernel
enter_kernel:
    msr mair_el1, x2
    msr tcr_el1, x3
    msr ttbr0_el1, x1
    msr ttbr1_el1, x0
    msr vbar_el1, x7
    dsb ish
    tlbi vmalle1
    ic iallu
    dsb ish
    isb
    mrs x8, sctlr_el1
    orr x8, x8, #(1 << 0)          /* M: the MMU */
    orr x8, x8, #(1 << 2)          /* C: data cache */
    orr x8, x8, #(1 << 12)         /* I: instruction cache */
    bic x8, x8, #(1 << 1)          /* A: no alignment faults for normal memory */
    msr sctlr_el1, x8
    isb
    mov sp, x5
    mov x0, x6
    mov x1, xzr
    mov x2, xzr
    mov x3, xzr
    mov x5, xzr
    mov x6, xzr
    mov x8, xzr
    mov x29, xzr
    mov x30, xzr
    add x9, x7, #2048              /* leave_identity, in the vectors' page in TTBR1 */
    mov x7, xzr
    br x9

/* The exception vectors left in VBAR_EL1 for the kernel (copied to a page of their own, mapped
 * in the higher half): each of the 16 entries ends QEMU with status 0 through semihosting
 * SYS_EXIT, as a triple fault under -no-reboot does on x86_64, so a fault the kernel takes
 * before installing its own vectors ends the run at once and QEMU's -d int log (kbuild's fault
 * report) names the exception. Each entry is self-contained: it runs from the copy. */
    .balign 2048
    .globl loader_vectors, loader_vectors_end
loader_vectors:
    .rept 16
    adr x1, 1f
    mov x0, #0x18                  /* SYS_EXIT */
    hlt #0xf000
    b .
    .balign 8
1:  .quad 0x20026, 0               /* ADP_Stopped_ApplicationExit, status 0 */
    .balign 128
    .endr
/* leave_identity: from the higher half, switch TTBR0 walks off (TCR_EL1.EPD0), so every
 * lower-half address faults from now on (a null pointer included), then the kernel's entry. */
leave_identity:
    mrs x9, tcr_el1
    orr x9, x9, #(1 << 7)
    msr tcr_el1, x9
    isb
    tlbi vmalle1
    dsb ish
    isb
    mov x9, xzr
    br x4

/* park_cpu: where each other CPU waits, from the higher half (secondary_entry jumps here with
 * x21 = its slot's virtual address). TTBR0 walks off as on the boot CPU; then it checks in
 * (STARTED, cleaned to the point of coherency: the boot CPU polls with its MMU off), waits
 * for the boot CPU to list it (the slot's CPU word, written with the MMU off, so each read
 * first drops the line), and then for the kernel's goto_address (kbuild_start_cpu stores it
 * with release semantics and sends an event). */
park_cpu:
    mrs x9, tcr_el1
    orr x9, x9, #(1 << 7)
    msr tcr_el1, x9
    isb
    tlbi vmalle1
    dsb ish
    isb
    mov x9, #1
    str x9, [x21, #A64_SLOT_STARTED]
    add x10, x21, #A64_SLOT_STARTED
    dc civac, x10
    dsb sy
1:  add x10, x21, #A64_SLOT_CPU
    dc civac, x10
    dsb sy
    ldr x20, [x10]
    cbnz x20, 2f
    wfe
    b 1b
2:  add x10, x20, #A64_CPU_GOTO
3:  ldar x9, [x10]
    cbnz x9, 4f
    wfe
    b 3b
4:  ldr x10, [x20, #A64_CPU_STACK_TOP]
    mov sp, x10
    mov x0, x20
    mov x1, xzr
    mov x2, xzr
    mov x3, xzr
    mov x4, xzr
    mov x5, xzr
    mov x6, xzr
    mov x7, xzr
    mov x8, xzr
    mov x10, xzr
    mov x11, xzr
    mov x12, xzr
    mov x13, xzr
    mov x14, xzr
    mov x15, xzr
    mov x16, xzr
    mov x17, xzr
    mov x18, xzr
    mov x19, xzr
    mov x20, xzr
    mov x21, xzr
    mov x22, xzr
    mov x23, xzr
    mov x24, xzr
    mov x25, xzr
    mov x26, xzr
    mov x27, xzr
    mov x28, xzr
    mov x29, xzr
    mov x30, xzr
    br x9
loader_vectors_end:

/* secondary_entry(x0 = its slot, physical): where PSCI CPU_ON starts each other CPU, with the
 * MMU off. At EL1 it takes the boot CPU's MAIR/TCR/TTBR0/TTBR1/VBAR and SCTLR bits, turns the
 * MMU on (on the identity map, so the next fetch is at the same address) and jumps to park_cpu
 * in the higher-half copy of the vectors' page. Anywhere else it never checks in, and the boot
 * CPU leaves it out. */
    .balign 4
    .globl secondary_entry
secondary_entry:
    msr daifset, #0xf
    mrs x1, CurrentEL
    lsr x1, x1, #2
    cmp x1, #1
    b.ne 2f
    ldr x21, [x0, #A64_SLOT_SELF]
    ldr x22, [x0, #A64_SLOT_VBAR]
    ldr x1, [x0, #A64_SLOT_MAIR]
    msr mair_el1, x1
    ldr x1, [x0, #A64_SLOT_TCR]
    msr tcr_el1, x1
    ldr x1, [x0, #A64_SLOT_TTBR0]
    msr ttbr0_el1, x1
    ldr x1, [x0, #A64_SLOT_TTBR1]
    msr ttbr1_el1, x1
    msr vbar_el1, x22
    dsb ish
    tlbi vmalle1
    ic iallu
    dsb ish
    isb
    mrs x1, sctlr_el1
    orr x1, x1, #(1 << 0)
    orr x1, x1, #(1 << 2)
    orr x1, x1, #(1 << 12)
    bic x1, x1, #(1 << 1)
    msr sctlr_el1, x1
    isb
    add x22, x22, #(park_cpu - loader_vectors)
    br x22
2:  wfe
    b 2b

