/* The last step: copied to a page that the loader maps at the same virtual address in its own
 * and in the kernel's page tables (just below the stack's guard page), so it keeps running
 * after CR3 switches. Assembled for both loaders (ELF and COFF), called with the System V
 * convention:
 *   void enter_kernel(uint64_t cr3, uint64_t entry, uint64_t rsp, uint64_t info,
 *                     uint64_t gdtr, uint64_t how);   gdtr: virtual address of a GDT descriptor
 * `how` (address_space.h): bits 0..15 the code selector, 16..31 the data selector, bit 32 push a
 * zero return address (the Limine protocol's entry). Every general register but rdi = info and
 * rsp ends zero. Position-independent: it must run at any address. */

  .code64
  .text
  .global enter_kernel
enter_kernel:
  cli
  mov %rdi, %cr3
  lgdt (%r8)
  mov %rdx, %rsp
  /* Reload CS and the data segments from the protocol's GDT (the firmware's selectors differ). */
  movzwl %r9w, %r10d
  push %r10
  lea 1f(%rip), %r10
  push %r10
  lretq
1:
  mov %r9, %r10
  shr $16, %r10
  mov %r10d, %ds
  mov %r10d, %es
  mov %r10d, %ss
  mov %r10d, %fs
  mov %r10d, %gs
  push $0
  push $0
  lidt (%rsp)  /* limit 0: no IDT until the kernel loads one */
  add $16, %rsp
  bt $32, %r9
  jnc 2f
  push $0      /* the invalid return address */
2:
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
