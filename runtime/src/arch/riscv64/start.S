/* _kbuild_start: the ELF entry point of every riscv64 kbuild kernel.
 *
 * kbuild's riscv64 loader jumps here in S-mode with the MMU on (Sv39), interrupts off, sp
 * 16-byte aligned and a0 = the boot information. a0 is passed through untouched to
 * kbuild_start_main (start.cpp), which runs global constructors and calls kernel_main.
 *
 * Kernels are compiled with -mno-relax, so nothing is addressed relative to gp
 * (__global_pointer$): gp is left as the loader set it (zero) and is free for the kernel. */
    .section .text._kbuild_start, "ax", @progbits
    .globl _kbuild_start
    .type _kbuild_start, @function
_kbuild_start:
    csrci sstatus, 2        /* SIE: interrupts stay off until the kernel wants them */
    li s0, 0                /* a zero frame pointer ends every backtrace here */
    li ra, 0
    call kbuild_start_main  /* sp % 16 == 0, as the psABI wants */
1:  wfi                     /* not reached: kbuild_start_main never returns */
    j 1b
    .size _kbuild_start, . - _kbuild_start
