/* The last step: copied to a page that the loader maps at the same virtual address in its own
 * and in the kernel's page tables (just below the stack's guard page), so it keeps running
 * after CR3 switches.
 *   void enter_kernel(uint64_t cr3, uint64_t entry, uint64_t rsp, uint64_t info,
 *                     uint64_t gdtr);   gdtr: virtual address of a GDT descriptor
 * Position-independent: it must run at any address. */
  .code64
  .section .text, "ax"
  .global enter_kernel
enter_kernel:
  cli
  mov %rdi, %cr3
  lgdt (%r8)
  mov %rdx, %rsp
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
