/* The GDT the kernel is entered with (selectors as on every kbuild boot). Included by C++ and
 * by assembly (enter_kernel.S, the BIOS stage 2). */
#ifndef KBUILD_GDT_H
#define KBUILD_GDT_H

#define KBUILD_GDT_CODE64 0x08 /* 64-bit code, ring 0 */
#define KBUILD_GDT_DATA 0x10   /* flat data */

#define KBUILD_GDT_CODE64_DESCRIPTOR 0x00af9a000000ffff
#define KBUILD_GDT_DATA_DESCRIPTOR 0x00cf92000000ffff

#endif
