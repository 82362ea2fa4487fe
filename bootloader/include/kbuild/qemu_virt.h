/* The QEMU virt devices both kbuild's direct loaders and the kernel runtime drive, at their
 * physical addresses: one statement of each, which bootloader/riscv64, bootloader/aarch64 and
 * runtime/src/arch/<arch> include. Usable from C, C++ and assembly. */
#ifndef KBUILD_QEMU_VIRT_H
#define KBUILD_QEMU_VIRT_H

/* aarch64 virt: the first PL011 UART (the device tree's /pl011@9000000). */
#define KBUILD_VIRT_AARCH64_PL011 0x09000000

/* riscv64 virt: the NS16550A UART (registers one byte apart) and the sifive_test exit device.
 * A 32-bit store of KBUILD_SIFIVE_TEST_PASS ends QEMU with status 0; of
 * KBUILD_SIFIVE_TEST_FAIL | STATUS << 16, with STATUS. */
#define KBUILD_VIRT_RISCV64_UART 0x10000000
#define KBUILD_VIRT_RISCV64_SIFIVE_TEST 0x100000
#define KBUILD_SIFIVE_TEST_PASS 0x5555
#define KBUILD_SIFIVE_TEST_FAIL 0x3333

#endif
