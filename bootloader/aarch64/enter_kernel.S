/* The last instructions before an aarch64 kernel, shared by both ways in (the direct loader and
 * BOOTAA64.EFI): both call enter_kernel with the MMU off. Plain .text, so it assembles for the
 * ELF and the COFF target alike. */
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
loader_vectors_end:

