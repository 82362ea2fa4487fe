/* The riscv64 boot floor for bench/run: a flat binary that OpenSBI enters at 0x80200000 (QEMU
 * virt's -kernel) and that ends QEMU at once through virt's sifive_test device with status 33,
 * as kbuild's test kernels do when they pass. */
    .text
    .globl _start
_start:
    li t0, 0x100000
    li t1, (33 << 16) | 0x3333
    sw t1, 0(t0)
1:  j 1b
