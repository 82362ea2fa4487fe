/* _kbuild_start: the ELF entry point of every kbuild kernel, on aarch64.
 *
 * kbuild's loader jumps here at EL1 with the MMU and caches on, DAIF masked, sp 16-byte aligned
 * and x0 = the boot information. x0 is passed through untouched to kbuild_start_main
 * (start.cpp), which runs global constructors and calls kernel_main. */
    .section .text._kbuild_start, "ax", %progbits
    .globl _kbuild_start
    .type _kbuild_start, %function
_kbuild_start:
    msr daifset, #0xf       /* interrupts masked, whatever the loader left */
    mov x29, #0             /* a zero frame pointer and link register end every backtrace */
    mov x30, #0
    bl kbuild_start_main
1:  wfi                     /* not reached: kbuild_start_main never returns */
    b 1b
    .size _kbuild_start, . - _kbuild_start
