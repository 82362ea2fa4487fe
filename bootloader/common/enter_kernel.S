/* The last step: copied to a page that the loader maps at the same virtual address in its own
 * and in the kernel's page tables (just below the stack's guard page), so it keeps running
 * after CR3 switches. Assembled for both loaders (ELF and COFF), called with the System V
 * convention:
 *   void enter_kernel(uint64_t cr3, uint64_t entry, uint64_t rsp, uint64_t info,
 *                     uint64_t gdtr, uint64_t how);   gdtr: virtual address of a GDT descriptor
 * `how` (address_space.h): bits 0..15 the code selector, 16..31 the data selector, bit 32 push a
 * zero return address (the Limine protocol's entry). Every general register but rdi = info and
 * rsp ends zero. Position-independent: it must run at any address.
 *
 * park_cpu, in the same page, is where the other CPUs wait (smp_trampoline.S jumps there): it
 * is mapped in the kernel's tables, so it switches to them, takes the boot CPU's CR4, PAT and
 * x2APIC mode, finds its slot by APIC id, checks in and spins until the boot CPU lists it and
 * the kernel writes its goto word. */
#include "smp_layout.h"

/* Every general register but rax (the target), rdi (its argument) and rsp ends zero: the entry
 * state both contracts promise, on the boot CPU and on the others. */
.macro ZERO_REGISTERS
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
.endm

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
  ZERO_REGISTERS
  cld
  jmp *%rax

/* In: rbx = the start-up page's data (SMP_DATA) through the kernel's physical memory mapping,
 * rcx = the kernel's CR3. */
  .global park_cpu
park_cpu:
  mov %rcx, %cr3
  lgdt SMP_GDTR(%rbx)
  mov SMP_CR4(%rbx), %rax
  mov %rax, %cr4
  mov $0x277, %ecx             /* IA32_PAT */
  mov SMP_PAT(%rbx), %eax
  mov SMP_PAT + 4(%rbx), %edx
  wrmsr
  cmpl $0, SMP_X2APIC(%rbx)
  je 1f
  mov $0x1b, %ecx              /* IA32_APIC_BASE: EN and EXTD */
  rdmsr
  or $0xc00, %eax
  wrmsr
1:
  mov %rbx, %r8
  /* The APIC id as cpu::apic_id() reads it: leaf 0Bh's x2APIC id, else leaf 1's. */
  xor %eax, %eax
  cpuid
  cmp $0xb, %eax
  jb 2f
  mov $0xb, %eax
  xor %ecx, %ecx
  cpuid
  test %ebx, %ebx
  jz 2f
  mov %edx, %r9d
  jmp 3f
2:
  mov $1, %eax
  xor %ecx, %ecx
  cpuid
  shr $24, %ebx
  mov %ebx, %r9d
3:
  mov SMP_COUNT(%r8), %ecx
  lea SMP_CPUS(%r8), %rsi
4:
  test %ecx, %ecx
  jz 9f                        /* not in the list: stay halted */
  cmp %r9d, SMP_SLOT_APIC_ID(%rsi)
  je 5f
  add $SMP_SLOT_SIZE, %rsi
  dec %ecx
  jmp 4b
5:
  movl $1, SMP_SLOT_STARTED(%rsi)
6:
  mov SMP_SLOT_INFO(%rsi), %rdi
  test %rdi, %rdi
  jnz 7f
  pause
  jmp 6b
7:
  mov SMP_SLOT_GOTO(%rsi), %r10
  mov SMP_SLOT_STACK(%rsi), %r11
8:
  mov (%r10), %rax
  test %rax, %rax
  jnz 10f
  pause
  jmp 8b
10:
  mov (%r11), %rsp
  push $0                      /* the invalid return address */
  ZERO_REGISTERS
  jmp *%rax
9:
  cli
  hlt
  jmp 9b
  .global enter_kernel_end
enter_kernel_end:
