/* The aarch64 direct loader's fixed sizes, shared by its assembly, C++ and linker script. */
#ifndef KBUILD_A64_LAYOUT_H
#define KBUILD_A64_LAYOUT_H

#define KBUILD_A64_LOAD_ADDRESS 0x40200000 /* where QEMU virt puts an Image (RAM + 2 MiB) */
#define KBUILD_A64_LOADER_STACK 0x10000    /* the loader's own stack */

#endif
