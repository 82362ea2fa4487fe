/* A Multiboot2 kernel as the intermezzOS book writes its first one: an ELF64 file whose header
 * section ends in an end tag with a 16-bit size, and a 32-bit entry. Checks the magic and that
 * paging is off, then exits through isa-debug-exit: 0x10 pass, 0x11 fail. */
  .section .multiboot_header, "a"
  .balign 8
header_start:
  .long 0xe85250d6
  .long 0
  .long header_end - header_start
  .long 0x100000000 - (0xe85250d6 + (header_end - header_start))
  .word 0
  .word 0
  .word 8
header_end:

  .code32
  .text
  .global _start
_start:
  cmp $0x36d76289, %eax
  jne fail
  mov %cr0, %ecx
  test $0x80000000, %ecx
  jnz fail
  mov $'O', %al
  mov $0x3f8, %dx
  out %al, %dx
  mov $'K', %al
  out %al, %dx
  mov $'\n', %al
  out %al, %dx
  mov $0x10, %al
  out %al, $0xf4
fail:
  mov $0x11, %al
  out %al, $0xf4
1:
  hlt
  jmp 1b
