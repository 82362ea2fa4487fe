/* The last step: copied to a page that the loader maps at the same virtual address in its own
 * and in the kernel's page tables (just below the stack's guard page), so it keeps running
 * after CR3 switches. Assembled for both loaders (ELF and COFF), called with the System V
 * convention:
 *   void enter_kernel(uint64_t cr3, uint64_t entry, uint64_t rsp, uint64_t info,
 *                     uint64_t gdtr);   gdtr: virtual address of a GDT descriptor
 * Position-independent: it must run at any address. */
#include "gdt.h"

  .code64
  .text
  .global enter_kernel
enter_kernel:
  cli
  mov %rdi, %cr3
  lgdt (%r8)
  mov %rdx, %rsp
  /* Reload CS and the data segments from kbuild's GDT (the firmware's selectors differ). */
  pushq $KBUILD_GDT_CODE64
  lea 1f(%rip), %r9
  push %r9
  lretq
1:
  mov $KBUILD_GDT_DATA, %r9d
  mov %r9d, %ds
  mov %r9d, %es
  mov %r9d, %ss
  mov %r9d, %fs
  mov %r9d, %gs
  push $0
  push $0
  lidt (%rsp)  /* limit 0: no IDT until the kernel loads one */
  add $16, %rsp
  mov %rcx, %rdi
  mov %rsi, %rax
  xor %ebx, %ebx
  xor %ecx, %ecx
  xor %edx, %edx
  xor %esi, %esi
  xor %ebp, %ebp
  xor %r8d, %r8d
  xor %r9d, %r9d
  xor %r10d, %r10d
  xor %r11d, %r11d
  xor %r12d, %r12d
  xor %r13d, %r13d
  xor %r14d, %r14d
  xor %r15d, %r15d
  cld
  jmp *%rax
  .global enter_kernel_end
enter_kernel_end:
