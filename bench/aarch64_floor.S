/* The aarch64 boot floor for bench/run: an arm64 Image that QEMU virt's -kernel enters and that
 * exits at once through semihosting with status 33, as kbuild's test kernels do when they pass. */
    .text
    .globl _start
_start:
    b 1f
    .long 0
    .quad 0                 /* text_offset */
    .quad 4096              /* image_size */
    .quad 0xa               /* little-endian, 4 KiB pages, anywhere */
    .quad 0, 0, 0
    .ascii "ARM\x64"
    .long 0
1:  adr x1, block
    mov x0, #0x18           /* SYS_EXIT */
    hlt #0xf000
2:  b 2b
    .balign 8
block:
    .quad 0x20026, 33       /* ADP_Stopped_ApplicationExit, status 33 */
