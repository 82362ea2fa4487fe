/* kbuild_arch_setjmp / kbuild_arch_longjmp: <kbuild/test.h>'s way back from an expected panic
 * (clang offers no __builtin_setjmp on RISC-V). The buffer holds ra, sp and s0-s11: what the
 * psABI asks a callee to preserve, without FP registers (kernels are built for rv64imac). */
    .section .text.kbuild_arch_setjmp, "ax", @progbits
    .globl kbuild_arch_setjmp
    .type kbuild_arch_setjmp, @function
kbuild_arch_setjmp:
    sd ra, 0(a0)
    sd sp, 8(a0)
    sd s0, 16(a0)
    sd s1, 24(a0)
    sd s2, 32(a0)
    sd s3, 40(a0)
    sd s4, 48(a0)
    sd s5, 56(a0)
    sd s6, 64(a0)
    sd s7, 72(a0)
    sd s8, 80(a0)
    sd s9, 88(a0)
    sd s10, 96(a0)
    sd s11, 104(a0)
    li a0, 0
    ret
    .size kbuild_arch_setjmp, . - kbuild_arch_setjmp

    .section .text.kbuild_arch_longjmp, "ax", @progbits
    .globl kbuild_arch_longjmp
    .type kbuild_arch_longjmp, @function
kbuild_arch_longjmp:
    ld ra, 0(a0)
    ld sp, 8(a0)
    ld s0, 16(a0)
    ld s1, 24(a0)
    ld s2, 32(a0)
    ld s3, 40(a0)
    ld s4, 48(a0)
    ld s5, 56(a0)
    ld s6, 64(a0)
    ld s7, 72(a0)
    ld s8, 80(a0)
    ld s9, 88(a0)
    ld s10, 96(a0)
    ld s11, 104(a0)
    li a0, 1                  /* kbuild_arch_setjmp returns 1 the second time */
    ret
    .size kbuild_arch_longjmp, . - kbuild_arch_longjmp
