/* How a run under kbuild's QEMU ends: the contract between kbuild's runner, the bootloader, the
 * kernel runtime and test kernels. Usable from C, C++ and assembly.
 *
 * kbuild starts QEMU with `-device isa-debug-exit,iobase=0xf4,iosize=0x04`. A guest that writes
 * VALUE to that port ends QEMU with exit status (VALUE << 1) | 1. kbuild also passes
 * `-fw_cfg name=opt/kbuild/halt,string=poweroff`, which asks kbuild_halt() to power the machine
 * off instead of halting, so that a run ends when the kernel is done. */
#ifndef KBUILD_EXIT_CODES_H
#define KBUILD_EXIT_CODES_H

#define KBUILD_DEBUG_EXIT_PORT 0xf4
#define KBUILD_DEBUG_EXIT_IOSIZE 4

/* QEMU's exit status for a value written to the debug-exit port. */
#define KBUILD_QEMU_STATUS(value) ((((value) & 0xff) << 1) | 1)

/* What test kernels write: pass gives status 33 ([test] success-exit-code's default), fail 35. */
#define KBUILD_EXIT_PASS 0x10
#define KBUILD_EXIT_FAIL 0x11

/* What the bootloader writes when it cannot start the kernel, after printing its one
 * `kbuild boot: <why>` line on COM1: status 255. No kernel may use it. */
#define KBUILD_EXIT_BOOT_FAILED 0x7f

/* The fw_cfg file kbuild_halt() looks for, and the value that asks for a power-off. */
#define KBUILD_HALT_FW_CFG_NAME "opt/kbuild/halt"
#define KBUILD_HALT_FW_CFG_POWEROFF "poweroff"

/* The line the bootloader prints before it gives up (then KBUILD_EXIT_BOOT_FAILED). */
#define KBUILD_BOOT_FAILURE_PREFIX "kbuild boot: "

#endif
