/* Where the other CPUs start: copied to the start-up page (smp_layout.h, below 1 MiB) and
 * entered there in real mode by the SIPI (CS = page >> 4, IP = 0). It goes straight to long
 * mode on the tables in SMP_CR3_LOW with the kernel's GDT (a copy in the page, so the kernel's
 * selectors are loaded here already), then jumps to the park loop (enter_kernel.S) with
 * rbx = SMP_DATA_VIRT and rcx = SMP_KERNEL_CR3. No stack is used. Assembled for both loaders
 * (ELF and COFF); position-independent. */
#include "smp_layout.h"

#define D(field) (SMP_DATA + field)

  .text
  .global smp_trampoline
  .code16
smp_trampoline:
.Lstart:  /* a local label: its distance below is fixed when assembled */
  cli
  cld
  mov %cs, %ax
  mov %ax, %ds
  lgdtl D(SMP_GDTR32)
  mov $0x20, %eax            /* CR4.PAE; the rest of CR4 once in long mode */
  mov %eax, %cr4
  movl D(SMP_CR3_LOW), %eax
  mov %eax, %cr3
  mov $0xc0000080, %ecx      /* EFER: LME (and NXE) as on the boot CPU */
  movl D(SMP_EFER), %eax
  movl D(SMP_EFER) + 4, %edx
  wrmsr
  movl D(SMP_CR0), %eax      /* PE and PG at once: long mode */
  mov %eax, %cr0
  ljmpl *D(SMP_FAR_JUMP)

  .code64
  .global smp_trampoline_long
smp_trampoline_long:
  lea .Lstart(%rip), %rsi
  movzwl D(SMP_SELECTORS) + 2(%rsi), %eax
  mov %eax, %ds
  mov %eax, %es
  mov %eax, %ss
  mov %eax, %fs
  mov %eax, %gs
  lidt D(SMP_IDTR)(%rsi)
  mov D(SMP_KERNEL_CR3)(%rsi), %rcx
  mov D(SMP_DATA_VIRT)(%rsi), %rbx
  jmp *D(SMP_PARK)(%rsi)
  .global smp_trampoline_end
smp_trampoline_end:
