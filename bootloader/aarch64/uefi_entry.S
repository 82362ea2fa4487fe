/* BOOTAA64.EFI's way off the firmware's tables: leave_firmware(x0 = next, x1 = stack top) turns
 * the MMU and the data cache off (the caller cleaned and invalidated all RAM to the point of
 * coherency first), drops the TLB and the instruction cache, and continues at `next` on the
 * loader's own stack, in the state the direct loader runs in. Runs on the firmware's identity
 * map, so the fetch after the SCTLR write is at the same address. */
    .text
    .balign 4
    .globl leave_firmware
leave_firmware:
    dsb sy
    mrs x2, sctlr_el1
    bic x2, x2, #(1 << 0)          /* M: the MMU */
    bic x2, x2, #(1 << 2)          /* C: data cache */
    msr sctlr_el1, x2
    isb
    tlbi vmalle1
    ic iallu
    dsb sy
    isb
    mov sp, x1
    mov x29, xzr
    mov x30, xzr
    br x0
