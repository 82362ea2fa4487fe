/* The way from EL2 to EL1, shared by both ways in: QEMU's -kernel enters the direct loader at EL2
 * with -M virt,virtualization=on (as firmware does on many machines), and AAVMF then starts
 * BOOTAA64.EFI at EL2. Assembly only. */
#ifndef KBUILD_A64_EL2_H
#define KBUILD_A64_EL2_H

/* drop_to_el1 target: EL1 in AArch64 with the timers and counters its own (CNTHCTL_EL2.EL1PCTEN
 * and EL1PCEN, CNTVOFF_EL2 = 0), no stage 2 (VTTBR_EL2 = 0), SCTLR_EL1 with its MMU and caches
 * off (only its RES1 bits set), then an eret to the address in register `target` at EL1h with
 * DAIF masked. Uses x9. The caller sets SP_EL1 (or sets sp at EL1). */
.macro drop_to_el1 target
    mov x9, #(1 << 31)             /* HCR_EL2.RW: EL1 is AArch64; nothing trapped or routed */
    msr hcr_el2, x9
    mrs x9, cnthctl_el2
    orr x9, x9, #3
    msr cnthctl_el2, x9
    msr cntvoff_el2, xzr
    msr vttbr_el2, xzr
    movz x9, #0x0800
    movk x9, #0x30d0, lsl #16      /* SCTLR_EL1's RES1 bits: 29, 28, 23, 22, 20, 11 */
    msr sctlr_el1, x9
    mov x9, #0x3c5                 /* EL1h, DAIF masked */
    msr spsr_el2, x9
    msr elr_el2, \target
    isb
    eret
.endm

#endif
