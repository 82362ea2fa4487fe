/* The one way the 64-bit loader calls the BIOS:
 *   void bios_call(uint8_t vector, struct bios_regs* regs);   (bios.h)
 * Long mode -> 32-bit compatibility mode -> paging and EFER.LME off -> 16-bit protected mode
 * -> real mode, INT vector with the registers from *regs, then all the way back, with the
 * results in *regs. Runs from .text16 (below 64 KiB, identity-mapped). */
#include "memory_layout.h"

#define REGS_SIZE 40  /* sizeof(struct bios_regs), checked in bios.h */

  .code64
  .section .text16, "ax"
  .global bios_call
bios_call:
  push %rbx
  push %rbp
  push %r12
  push %r13
  push %r14
  push %r15
  mov %rsp, saved_rsp
  mov %rsi, saved_regs
  mov %dil, int_instruction + 1
  mov $thunk_regs, %edi
  mov $REGS_SIZE, %ecx
  rep movsb
  sidt saved_idt

  push $0x18
  mov $1f, %eax
  push %rax
  lretq

  .code32
1:
  mov %cr0, %eax
  and $0x7fffffff, %eax
  mov %eax, %cr0
  mov $0xc0000080, %ecx
  rdmsr
  and $~0x100, %eax
  wrmsr
  ljmp $0x28, $2f

  .code16
2:
  mov $0x30, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov %ax, %fs
  mov %ax, %gs
  mov %cr0, %eax
  and $~1, %eax
  mov %eax, %cr0
  ljmp $0, $3f
3:
  xor %ax, %ax
  mov %ax, %ds
  mov %ax, %ss
  mov %ax, %fs
  mov %ax, %gs
  mov $KBUILD_REAL_STACK_TOP, %sp
  lidt real_mode_idt

  mov thunk_es, %ax
  mov %ax, %es
  mov thunk_ebx, %ebx
  mov thunk_ecx, %ecx
  mov thunk_edx, %edx
  mov thunk_esi, %esi
  mov thunk_edi, %edi
  mov thunk_ebp, %ebp
  mov thunk_ds, %ax
  mov %ax, %ds
  mov %cs:thunk_eax, %eax
  sti
int_instruction:
  int $0
  cli
  pushfl
  popl %cs:thunk_eflags
  mov %eax, %cs:thunk_eax
  mov %ebx, %cs:thunk_ebx
  mov %ecx, %cs:thunk_ecx
  mov %edx, %cs:thunk_edx
  mov %esi, %cs:thunk_esi
  mov %edi, %cs:thunk_edi
  mov %ebp, %cs:thunk_ebp
  mov %ds, %cs:thunk_ds
  mov %es, %cs:thunk_es
  xor %ax, %ax
  mov %ax, %ds

  lgdtl gdt_descriptor
  mov %cr0, %eax
  or $1, %eax
  mov %eax, %cr0
  ljmpl $0x18, $4f

  .code32
4:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov $0xc0000080, %ecx
  rdmsr
  or $0x100, %eax
  wrmsr
  mov %cr0, %eax
  or $0x80000000, %eax
  mov %eax, %cr0
  ljmp $0x08, $5f

  .code64
5:
  mov $0x10, %ax
  mov %ax, %fs
  mov %ax, %gs
  mov saved_rsp, %rsp
  lidt saved_idt
  mov $thunk_regs, %esi
  mov saved_regs, %rdi
  mov $REGS_SIZE, %ecx
  rep movsb
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbp
  pop %rbx
  ret

  .section .data16, "aw"
  .balign 8
saved_rsp: .quad 0
saved_regs: .quad 0
saved_idt: .word 0
  .quad 0
  .balign 8
real_mode_idt:
  .word 0x3ff
  .long 0
  .balign 8
/* Laid out as struct bios_regs. */
thunk_regs:
thunk_eax: .long 0
thunk_ebx: .long 0
thunk_ecx: .long 0
thunk_edx: .long 0
thunk_esi: .long 0
thunk_edi: .long 0
thunk_ebp: .long 0
thunk_eflags: .long 0
thunk_ds: .word 0
thunk_es: .word 0
  .long 0
