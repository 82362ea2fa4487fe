/* The direct loader's first instructions: the arm64 Image header, so QEMU's -kernel passes the
 * device tree in x0, then EL2 -> EL1 if needed, a stack, a clear .bss and loader_main(dtb).
 * Everything here and in the C++ is position-independent (PC-relative addressing only), so it
 * runs wherever QEMU placed it (0x40200000 on virt). */
#include "a64_layout.h"
#include "el2.h"

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
    adr x1, at_el1                 /* EL2 (the MMU is off there): on at EL1 */
    drop_to_el1 x1
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

    .section .bss.stack, "aw", %nobits
    .balign 16
    .space KBUILD_A64_LOADER_STACK
    .globl loader_stack_top
loader_stack_top:
