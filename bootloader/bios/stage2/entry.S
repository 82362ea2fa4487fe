/* Stage 2 entry, in real mode at KBUILD_STAGE2_ADDRESS with DL = boot drive (stage 1 stored it
 * in the handoff struct too). Enables A20 (BIOS, fast gate, keyboard controller; each checked),
 * checks for long mode, identity-maps 0..4 GiB with 2 MiB pages, enters long mode directly from
 * real mode, zeroes .bss and calls loader_main() in C++. Errors here are printed by `fail16`. */
#include "gdt.h"
#include "memory_layout.h"
#include "real_mode.h"

  .code16
  .section .text16, "ax"
  .global _start
_start:
  cli
  xor %ax, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov $KBUILD_REAL_STACK_TOP, %sp
  ljmp $0, $1f
1:
  sti
  cld

  call a20_enabled
  jnz a20_done
  mov $0x2401, %ax  /* BIOS: enable A20 */
  int $0x15
  call a20_wait
  jnz a20_done
  in $0x92, %al     /* "fast A20" through system control port A */
  test $2, %al
  jnz 2f
  or $2, %al
  and $0xfe, %al
  out %al, $0x92
2:
  call a20_wait
  jnz a20_done
  call kbc_wait     /* the keyboard controller's output port */
  mov $0xd1, %al
  out %al, $0x64
  call kbc_wait
  mov $0xdf, %al
  out %al, $0x60
  call kbc_wait
  call a20_wait
  jnz a20_done
  mov $msg_a20, %si
  jmp fail16
a20_done:

  mov $0x80000000, %eax
  cpuid
  cmp $0x80000001, %eax
  jb no_long_mode
  mov $0x80000001, %eax
  cpuid
  test $(1 << 29), %edx
  jz no_long_mode
  shr $20, %edx
  and $1, %dl
  mov %dl, KBUILD_HANDOFF_ADDRESS + KBUILD_HANDOFF_OFF_NX

  /* Loader page tables: PML4 -> PDPT -> 4 PDs of 2 MiB pages, identity 0..4 GiB. */
  cli
  mov $KBUILD_LOADER_PML4, %di
  mov $((KBUILD_LOADER_TABLES_END - KBUILD_LOADER_PML4) / 4), %cx
  xor %eax, %eax
  rep stosl
  movl $(KBUILD_LOADER_PDPT | 3), KBUILD_LOADER_PML4
  mov $KBUILD_LOADER_PDPT, %di
  mov $(KBUILD_LOADER_PD | 3), %eax
  mov $4, %cx
3:
  mov %eax, (%di)
  add $0x1000, %eax
  add $8, %di
  loop 3b
  mov $KBUILD_LOADER_PD, %di
  mov $0x83, %eax  /* present, writable, 2 MiB */
  xor %edx, %edx
  mov $2048, %cx
4:
  mov %eax, (%di)
  mov %edx, 4(%di)
  add $0x200000, %eax
  adc $0, %edx
  add $8, %di
  loop 4b

  /* Real mode straight to long mode: PAE, CR3, EFER.LME (+NXE), then PE and PG together. */
  lgdtl gdt_descriptor
  mov %cr4, %eax
  or $(1 << 5), %eax
  mov %eax, %cr4
  mov $KBUILD_LOADER_PML4, %eax
  mov %eax, %cr3
  mov $0xc0000080, %ecx
  rdmsr
  or $0x100, %eax
  testb $1, KBUILD_HANDOFF_ADDRESS + KBUILD_HANDOFF_OFF_NX
  jz 5f
  or $0x800, %eax
5:
  wrmsr
  mov %cr0, %eax
  or $0x80000001, %eax
  mov %eax, %cr0
  ljmpl $KBUILD_GDT_CODE64, $long_mode

no_long_mode:
  mov $msg_no_long_mode, %si
  /* fall through */

/* Prints "kbuild boot: " and the string at SI on COM1 and the screen, then halts. */
  .global fail16
fail16:
  push %si
  mov $msg_prefix, %si
  call print16
  pop %si
  call print16
  mov $msg_newline, %si
  call print16
  exit_boot_failed
6:
  cli
  hlt
  jmp 6b

print16:
  lodsb
  test %al, %al
  jz 8f
  mov %al, %bl
  mov $0x3fd, %dx
7:
  in %dx, %al
  test $0x20, %al
  jz 7b
  mov $0x3f8, %dx
  mov %bl, %al
  out %al, %dx
  mov $0x0e, %ah
  mov $0x0007, %bx
  int $0x10
  jmp print16
8:
  ret

/* ZF clear when A20 is on: a write at 0x100500 must not show at 0x000500. */
a20_enabled:
  push %ds
  push %es
  xor %ax, %ax
  mov %ax, %ds
  not %ax
  mov %ax, %es
  movb $0x00, (KBUILD_A20_PROBE_ADDRESS)
  movb $0xff, %es:(KBUILD_A20_PROBE_ADDRESS + 0x10)
  cmpb $0xff, (KBUILD_A20_PROBE_ADDRESS)
  pop %es
  pop %ds
  ret

/* Checks a few times: some gates take a moment to switch. */
a20_wait:
  mov $1000, %cx
1:
  push %cx
  call a20_enabled
  pop %cx
  jnz 2f
  loop 1b
  cmp %ax, %ax  /* ZF set: still off */
2:
  ret

kbc_wait:
  mov $0xffff, %cx
1:
  in $0x64, %al
  test $2, %al
  jz 2f
  loop 1b
2:
  ret

msg_prefix: .asciz "kbuild boot: "
msg_newline: .asciz "\r\n"
msg_a20: .asciz "the A20 gate could not be enabled"
msg_no_long_mode: .asciz "this CPU has no 64-bit long mode"

  .code64
  .section .text, "ax"
long_mode:
  mov $KBUILD_GDT_DATA, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov %ax, %fs
  mov %ax, %gs
  lea loader_stack_top(%rip), %rsp
  lea __bss_start(%rip), %rdi
  lea __bss_end(%rip), %rcx
  sub %rdi, %rcx
  xor %eax, %eax
  rep stosb
  call loader_main
9:
  cli
  hlt
  jmp 9b

/* The GDT for every mode the loader passes through; the kernel gets kbuild's GDT (common/gdt.h)
 * with the same code and data selectors. */
  .section .data16, "aw"
  .balign 16
  .global loader_gdt, loader_gdt_end
loader_gdt:
  .quad 0
  .quad KBUILD_GDT_CODE64_DESCRIPTOR  /* KBUILD_GDT_CODE64 */
  .quad KBUILD_GDT_DATA_DESCRIPTOR  /* KBUILD_GDT_DATA: flat 4 GiB */
  .quad 0x00cf9a000000ffff  /* 0x18: 32-bit code */
  .quad 0
  .quad 0x00009a000000ffff  /* 0x28: 16-bit code */
  .quad 0x000092000000ffff  /* 0x30: 16-bit data */
loader_gdt_end:
  .balign 8
  .global gdt_descriptor
gdt_descriptor:
  .word loader_gdt_end - loader_gdt - 1
  .quad loader_gdt

  .section .bss, "aw", @nobits
  .balign 16
  .space 32768
loader_stack_top:
