/* The last step into a Multiboot kernel, from long mode on an identity map, running below
 * 4 GiB with a stack below 4 GiB. Loads a GDT of its own (flat 32-bit code and data), drops to
 * compatibility mode, turns paging and long mode off, and jumps to the kernel in 32-bit
 * protected mode with EAX = magic and EBX = information, as both specifications say: flat
 * segments, paging off, interrupts off, A20 as the loader left it (on). Called with the System V
 * convention:
 *   void enter_multiboot(uint32_t entry, uint32_t magic, uint32_t info);
 * Position-independent, for both loaders (ELF and COFF). */

  .code64
  .text
  .global enter_multiboot
enter_multiboot:
  cli
  cld
  lea multiboot_gdt(%rip), %rax
  sub $16, %rsp
  movw $(multiboot_gdt_end - multiboot_gdt - 1), (%rsp)
  mov %rax, 2(%rsp)
  lgdt (%rsp)
  add $16, %rsp
  pushq $0x08
  lea 1f(%rip), %rax
  push %rax
  lretq
  .code32
1:
  mov %edx, %ebx         /* info: rdmsr below takes EDX */
  mov $0x10, %eax
  mov %eax, %ds
  mov %eax, %es
  mov %eax, %fs
  mov %eax, %gs
  mov %eax, %ss
  mov %cr0, %eax
  and $0x7fffffff, %eax  /* PG off: this code runs identity-mapped, so it keeps running */
  mov %eax, %cr0
  mov $0xc0000080, %ecx
  rdmsr
  and $~0x900, %eax      /* EFER.LME and NXE off */
  wrmsr
  mov %cr4, %eax
  and $~0xa0, %eax       /* PAE and PGE off */
  mov %eax, %cr4
  xor %eax, %eax
  mov %eax, %cr3
  push $0
  popf                   /* EFLAGS: IF, DF, AC and the rest clear */
  mov %esi, %eax
  xor %ecx, %ecx
  xor %edx, %edx
  xor %esi, %esi
  xor %ebp, %ebp
  jmp *%edi

  .balign 8
multiboot_gdt:
  .quad 0
  .quad 0x00cf9a000000ffff  /* 0x08: 32-bit code, base 0, limit 4 GiB */
  .quad 0x00cf92000000ffff  /* 0x10: 32-bit data, base 0, limit 4 GiB */
multiboot_gdt_end:
