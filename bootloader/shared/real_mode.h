/* Assembly macros the 16-bit parts of stage 1 and stage 2 share. */
#ifndef KBUILD_REAL_MODE_H
#define KBUILD_REAL_MODE_H
#ifdef __ASSEMBLER__
#include <kbuild/exit_codes.h>

/* COM1 at 115200 baud, 8N1, FIFO on, no interrupts: a real 16550 comes up in whatever mode the
 * firmware left, so this runs before anything can fail. Clobbers AX, CX, DX, SI. */
.macro com1_init
  mov $91f, %si
  mov $7, %cx
90:
  lodsw                /* AL = register, AH = value */
  mov $0x3f8, %dx
  add %al, %dl
  mov %ah, %al
  out %al, %dx
  loop 90b
  jmp 92f
91:
  .byte 1, 0x00        /* IER: no interrupts */
  .byte 3, 0x80        /* LCR: divisor latch */
  .byte 0, 0x01        /* DLL: 115200 baud */
  .byte 1, 0x00        /* DLM */
  .byte 3, 0x03        /* LCR: 8N1 */
  .byte 2, 0xc7        /* FCR: FIFO on and cleared */
  .byte 4, 0x03        /* MCR: DTR, RTS */
92:
.endm

/* Under a hypervisor (kbuild's QEMU has the debug-exit device) ends the run with
 * KBUILD_EXIT_BOOT_FAILED, so kbuild reports the error line at once. Clobbers EAX-EDX. */
.macro exit_boot_failed
  mov $1, %eax
  cpuid
  bt $31, %ecx
  jnc 93f
  mov $KBUILD_EXIT_BOOT_FAILED, %al
  out %al, $KBUILD_DEBUG_EXIT_PORT
93:
.endm

#endif
#endif
