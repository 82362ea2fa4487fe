/* kbuild_arch_setjmp / kbuild_arch_longjmp: what <kbuild/test.h> returns to after an expected
 * panic (clang has no __builtin_setjmp on aarch64). The buffer holds the callee-saved x19-x28,
 * the frame pointer, the link register and sp; kernels use no FP registers. */
    .section .text.kbuild_arch_setjmp, "ax", %progbits
    .globl kbuild_arch_setjmp
    .type kbuild_arch_setjmp, %function
kbuild_arch_setjmp:
    stp x19, x20, [x0, #0]
    stp x21, x22, [x0, #16]
    stp x23, x24, [x0, #32]
    stp x25, x26, [x0, #48]
    stp x27, x28, [x0, #64]
    stp x29, x30, [x0, #80]
    mov x16, sp
    str x16, [x0, #96]
    mov w0, #0
    ret
    .size kbuild_arch_setjmp, . - kbuild_arch_setjmp

    .section .text.kbuild_arch_longjmp, "ax", %progbits
    .globl kbuild_arch_longjmp
    .type kbuild_arch_longjmp, %function
kbuild_arch_longjmp:
    ldp x19, x20, [x0, #0]
    ldp x21, x22, [x0, #16]
    ldp x23, x24, [x0, #32]
    ldp x25, x26, [x0, #48]
    ldp x27, x28, [x0, #64]
    ldp x29, x30, [x0, #80]
    ldr x16, [x0, #96]
    mov sp, x16
    mov w0, #1
    ret
    .size kbuild_arch_longjmp, . - kbuild_arch_longjmp
