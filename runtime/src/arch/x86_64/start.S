/* _kbuild_start: the ELF entry point of every kbuild kernel.
 *
 * The bootloader jumps here in 64-bit long mode with interrupts off, rsp 16-byte aligned and
 * rdi = the boot information. rdi is passed through untouched to kbuild_start_main (start.cpp),
 * which runs global constructors and calls kernel_main. */
    .section .text._kbuild_start, "ax", @progbits
    .globl _kbuild_start
    .type _kbuild_start, @function
_kbuild_start:
    cli
    cld                     /* the System V ABI expects the direction flag clear */
    xorl %ebp, %ebp         /* a zero frame pointer ends every backtrace here */
    call kbuild_start_main  /* rsp % 16 == 0 before the call, as the ABI wants */
1:  cli                     /* not reached: kbuild_start_main never returns */
    hlt
    jmp 1b
    .size _kbuild_start, . - _kbuild_start
