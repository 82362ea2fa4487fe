/* A boot sector that reads READ_CALLS x 64 KiB from its disk through INT 13h AH=42h, all in
 * real mode, then exits QEMU through the debug-exit port (status 33). It is the floor for
 * loading a kernel through the BIOS: the same calls a loader makes, with no mode switches and
 * no copies. bench/run assembles it with clang and links it flat at 0x7c00. */
#ifndef READ_CALLS
#define READ_CALLS 1024
#endif

  .code16
  .text
  .globl _start
_start:
  cli
  xorw %ax, %ax
  movw %ax, %ds
  movw %ax, %ss
  movw $0x7c00, %sp
  sti
  movb %dl, drive
  movw $READ_CALLS, %cx
1:
  pushw %cx
  movw $dap, %si
  movb $0x42, %ah
  movb drive, %dl
  int $0x13
  jc 3f
  popw %cx
#ifdef COPY_EACH_CALL
  /* Diagnostic variant: also copy each 64 KiB out of the read buffer, 8 bytes at a time
   * (what a loader with a bounce buffer does after every call). */
  pushw %cx
  pushw %ds
  movw $0x1000, %ax
  movw %ax, %ds
  movw $0x2000, %ax
  movw %ax, %es
  xorw %si, %si
  xorw %di, %di
  movw $8192, %cx
2:
  movl (%si), %eax
  movl 4(%si), %edx
  movl %eax, %es:(%di)
  movl %edx, %es:4(%di)
  addw $8, %si
  addw $8, %di
  loop 2b
  popw %ds
  popw %cx
#endif
  addw $128, dap_lba            /* the next 64 KiB */
  adcw $0, dap_lba + 2
  loop 1b
  movb $0x10, %al               /* done: QEMU exits with (0x10 << 1) | 1 = 33 */
  outb %al, $0xf4
2:
  hlt
  jmp 2b
3:
  movb $0x11, %al               /* a read failed: status 35, which bench/run reports */
  outb %al, $0xf4
  jmp 2b

  .balign 4
dap:
  .byte 16, 0
  .word 128                     /* sectors: 64 KiB, SeaBIOS's most per call */
  .word 0, 0x1000               /* to 0x1000:0000 */
dap_lba:
  .quad 1
drive:
  .byte 0

  .org 510
  .byte 0x55, 0xaa
