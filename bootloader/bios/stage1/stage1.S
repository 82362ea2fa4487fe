/* Stage 1: the MBR. Loaded by the BIOS at 0x7c00 with DL = boot drive.
 * Sets up a stack, checks for INT 13h extensions, reads the boot manifest (LBA 34) to
 * KBUILD_MANIFEST_ADDRESS, reads stage 2 by LBA in 64 KiB calls to KBUILD_STAGE2_ADDRESS and
 * jumps there with DL = boot drive. Its code must end before byte 440 (see linker.ld). */
#include "boot_manifest.h"
#include "memory_layout.h"
#include "real_mode.h"

  .code16
  .section .text.stage1, "ax"
  .global _start
_start:
  cli
  xor %ax, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov $KBUILD_REAL_STACK_TOP, %sp
  ljmp $0, $1f  /* some BIOSes jump to 07c0:0000 */
1:
  sti
  cld
  mov %dl, KBUILD_HANDOFF_ADDRESS + KBUILD_HANDOFF_OFF_DRIVE
  push %dx
  com1_init
  pop %dx

  mov $0x41, %ah
  mov $0x55aa, %bx
  int $0x13
  jc no_extensions
  cmp $0xaa55, %bx
  jne no_extensions
  test $1, %cl
  jz no_extensions

  /* The manifest: one sector. */
  movw $1, dap_count
  movw $KBUILD_MANIFEST_ADDRESS, dap_offset
  movl $KBUILD_MANIFEST_LBA, dap_lba
  call read
  cmpl $(KBUILD_MANIFEST_MAGIC & 0xffffffff), KBUILD_MANIFEST_ADDRESS
  jne bad_manifest
  cmpl $(KBUILD_MANIFEST_MAGIC >> 32), KBUILD_MANIFEST_ADDRESS + 4
  jne bad_manifest

  /* Stage 2: at most KBUILD_STAGE2_MEMORY_SECTORS, in reads of up to 128 sectors. */
  mov KBUILD_MANIFEST_ADDRESS + KBUILD_MANIFEST_OFF_STAGE2_SECTORS, %cx
  cmpw $0, KBUILD_MANIFEST_ADDRESS + KBUILD_MANIFEST_OFF_STAGE2_SECTORS + 2
  jne bad_manifest
  test %cx, %cx
  jz bad_manifest
  cmp $KBUILD_STAGE2_MEMORY_SECTORS, %cx
  ja bad_manifest
  mov KBUILD_MANIFEST_ADDRESS + KBUILD_MANIFEST_OFF_STAGE2_LBA, %eax
  mov %eax, dap_lba
  movw $0, dap_offset
  movw $(KBUILD_STAGE2_ADDRESS >> 4), dap_segment
2:
  mov %cx, %ax
  cmp $128, %ax
  jbe 3f
  mov $128, %ax
3:
  mov %ax, dap_count
  call read
  mov dap_count, %ax
  addl %eax, dap_lba  /* high half of eax is zero: ax came from cx */
  shl $5, %ax         /* sectors -> paragraphs */
  add %ax, dap_segment
  sub dap_count, %cx
  jnz 2b

  mov KBUILD_HANDOFF_ADDRESS + KBUILD_HANDOFF_OFF_DRIVE, %dl
  ljmp $0, $KBUILD_STAGE2_ADDRESS

read:
  mov $dap, %si
  mov $0x42, %ah
  mov KBUILD_HANDOFF_ADDRESS + KBUILD_HANDOFF_OFF_DRIVE, %dl
  int $0x13
  jc disk_error
  ret

no_extensions:
  mov $msg_no_extensions, %si
  jmp fail
bad_manifest:
  mov $msg_bad_manifest, %si
  jmp fail
disk_error:
  mov $msg_disk_error, %si
fail:
  push %si
  mov $msg_prefix, %si
  call print
  pop %si
  call print
  exit_boot_failed
halt:
  cli
  hlt
  jmp halt

/* Prints the NUL-terminated string at SI on COM1 and on the screen. */
print:
  lodsb
  test %al, %al
  jz 2f
  mov %al, %bl
  mov $0x3fd, %dx
1:
  in %dx, %al
  test $0x20, %al  /* transmitter empty; reads 0xff when there is no UART */
  jz 1b
  mov $0x3f8, %dx
  mov %bl, %al
  out %al, %dx
  mov $0x0e, %ah
  mov $0x0007, %bx
  int $0x10
  jmp print
2:
  ret

msg_prefix: .asciz "kbuild boot: "
msg_no_extensions: .asciz "no INT 13h extensions (LBA disk access)\r\n"
msg_bad_manifest: .asciz "bad boot manifest at LBA 34\r\n"
msg_disk_error: .asciz "disk read error in stage 1\r\n"

  .balign 4
dap:
  .byte 0x10, 0
dap_count: .word 0
dap_offset: .word 0
dap_segment: .word 0
dap_lba: .long 0, 0

  .section .signature, "a"
  .byte 0x55, 0xaa
