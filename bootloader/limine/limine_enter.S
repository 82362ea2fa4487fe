/* The last step into a Limine-protocol kernel, copied by map_stack to the page mapped at the
 * same address in the loader's and the kernel's tables. Same arguments as enter_kernel.S:
 *   void limine_enter(uint64_t cr3, uint64_t entry, uint64_t rsp, uint64_t unused,
 *                     uint64_t gdtr);   gdtr: virtual address of the protocol's GDT descriptor
 * The protocol's entry state: its GDT with CS 0x28 and the data selectors 0x30, IF and DF clear,
 * a return address of 0 pushed, every other general-purpose register 0. Position-independent. */
#define LIMINE_CODE64 0x28
#define LIMINE_DATA64 0x30

  .code64
  .text
  .global limine_enter
limine_enter:
  cli
  mov %rdi, %cr3
  lgdt (%r8)
  mov %rdx, %rsp
  pushq $LIMINE_CODE64
  lea 1f(%rip), %r9
  push %r9
  lretq
1:
  mov $LIMINE_DATA64, %r9d
  mov %r9d, %ds
  mov %r9d, %es
  mov %r9d, %ss
  mov %r9d, %fs
  mov %r9d, %gs
  push $0
  push $0
  lidt (%rsp)  /* limit 0: the IDT is the kernel's to load */
  add $16, %rsp
  push $0      /* the invalid return address */
  mov %rsi, %rax
  xor %ebx, %ebx
  xor %ecx, %ecx
  xor %edx, %edx
  xor %esi, %esi
  xor %edi, %edi
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
  .global limine_enter_end
limine_enter_end:
