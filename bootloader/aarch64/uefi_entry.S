/* BOOTAA64.EFI's way off the firmware's tables: leave_firmware(x0 = next, x1 = stack top) turns
 * the MMU and the data cache off (the caller cleaned and invalidated all RAM to the point of
 * coherency first), drops the TLB and the instruction cache, and continues at `next` on the
 * loader's own stack, in the state the direct loader runs in. Runs on the firmware's identity
 * map, so the fetch after the SCTLR write is at the same address. A firmware that started the
 * loader at EL2 had its MMU in SCTLR_EL2: that one goes off, and `next` runs at EL1. */
#include "el2.h"

    .text
    .balign 4
    .globl leave_firmware
leave_firmware:
    dsb sy
    mrs x2, CurrentEL
    cmp x2, #(2 << 2)
    b.eq from_el2
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

from_el2:
    mrs x2, sctlr_el2
    bic x2, x2, #(1 << 0)          /* M */
    bic x2, x2, #(1 << 2)          /* C */
    msr sctlr_el2, x2
    isb
    tlbi alle2
    tlbi vmalle1
    ic iallu
    dsb sy
    isb
    msr sp_el1, x1
    mov x29, xzr
    mov x30, xzr
    drop_to_el1 x0
