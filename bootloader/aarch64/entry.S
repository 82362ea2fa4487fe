/* The direct loader's first instructions: the arm64 Image header, so QEMU's -kernel passes the
 * device tree in x0, then EL2 -> EL1 if needed, a stack, a clear .bss and loader_main(dtb).
 * Everything here and in the C++ is position-independent (PC-relative addressing only), so it
 * runs wherever QEMU placed it (0x40200000 on virt). */
#include "a64_layout.h"

    .section .text.entry, "ax", %progbits
    .globl _start
_start:
    b start                        /* code0 */
    .long 0                        /* code1 */
    .quad 0                        /* text_offset: from a 2 MiB boundary */
    .quad __loader_end - _start    /* image_size, .bss included */
    .quad 0xa                      /* flags: little-endian, 4 KiB pages, placed anywhere */
    .quad 0, 0, 0                  /* reserved */
    .ascii "ARM\x64"               /* magic */
    .long 0                        /* reserved (PE header offset) */

start:
    msr daifset, #0xf
    mov x19, x0                    /* the device tree's physical address */
    mrs x1, CurrentEL
    lsr x1, x1, #2
    cmp x1, #2
    b.ne at_el1
    /* EL2: run EL1 in AArch64, give it the counters, and return to it with DAIF masked. */
    mov x1, #(1 << 31)
    msr hcr_el2, x1
    mrs x1, cnthctl_el2
    orr x1, x1, #3
    msr cnthctl_el2, x1
    msr cntvoff_el2, xzr
    mov x1, #0x3c5                 /* EL1h, DAIF masked */
    msr spsr_el2, x1
    adr x1, at_el1
    msr elr_el2, x1
    eret
at_el1:
    adrp x1, __bss_start
    add x1, x1, :lo12:__bss_start
    adrp x2, __bss_end
    add x2, x2, :lo12:__bss_end
1:  cmp x1, x2
    b.hs 2f
    str xzr, [x1], #8
    b 1b
2:  adrp x1, loader_stack_top
    add x1, x1, :lo12:loader_stack_top
    mov sp, x1
    mov x29, #0
    mov x0, x19
    bl loader_main
3:  wfi
    b 3b

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
loader_vectors_end:

    .section .bss.stack, "aw", %nobits
    .balign 16
    .space KBUILD_A64_LOADER_STACK
    .globl loader_stack_top
loader_stack_top:
