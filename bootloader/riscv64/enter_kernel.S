/* The riscv64 loaders' last step (the direct loader's and BOOTRISCV64.EFI's). */
#include "rv_smp_layout.h"

/* enter_kernel(a0 = satp, a1 = entry, a2 = sp, a3 = boot information): copied to a page that
 * the kernel's tables map at its physical address (read + execute), so the instruction after
 * the satp write is still there. Position-independent: it runs from the copy. stvec points at
 * the trap stub below: a trap the kernel does not handle resets the machine through the
 * sifive_test device (reached through the physical memory mapping at the address the loader
 * stores in the exit slot), as a triple fault does on x86_64: under -no-reboot QEMU then stops,
 * and kbuild reads the trap from QEMU's -d int log. Before that the stub jumps to sp: the fetch
 * faults (the stack is not executable), so the log's next line records the kernel's stack
 * pointer as its tval, which is how kbuild tells a stack overflow from other faults. */
    .section .text.enter_kernel, "ax", @progbits
    .balign 8
    .globl enter_kernel, enter_kernel_exit_slot, enter_kernel_trap, enter_kernel_end
enter_kernel:
    lla t0, enter_kernel_trap
    csrw stvec, t0
    csrw satp, a0
    sfence.vma
    mv sp, a2
    mv t0, a1
    mv a0, a3
    li a1, 0
    li a2, 0
    li a3, 0
    li a4, 0
    li a5, 0
    li a6, 0
    li a7, 0
    li t1, 0
    li t2, 0
    li t3, 0
    li t4, 0
    li t5, 0
    li t6, 0
    li s0, 0
    li s1, 0
    li s2, 0
    li s3, 0
    li s4, 0
    li s5, 0
    li s6, 0
    li s7, 0
    li s8, 0
    li s9, 0
    li s10, 0
    li s11, 0
    li ra, 0
    li gp, 0
    li tp, 0
    jr t0
    .balign 4
enter_kernel_trap:
    lla t0, enter_kernel_reset
    csrw stvec, t0
    jr sp                     /* faults at once: QEMU logs tval = sp */
    .balign 4
enter_kernel_reset:
    lla t0, enter_kernel_exit_slot
    ld t0, 0(t0)
    li t1, 0x7777             /* sifive_test FINISHER_RESET */
    sw t1, 0(t0)
1:  wfi
    j 1b

/* secondary_entry(a0 = hart id, a1 = its slot, physical): where SBI HSM hart_start starts each
 * other hart, in S-mode with the MMU off, in this same page. It takes the kernel's satp (the
 * page is mapped at its physical address there too) and the trap stub, checks in (STARTED),
 * waits for the boot hart to list it (the slot's CPU word) and then for the kernel's
 * goto_address (kbuild_start_cpu stores it with release semantics), and jumps there with
 * a0 = its struct kbuild_cpu* and sp = its stack_top. */
    .balign 4
    .globl secondary_entry
secondary_entry:
    csrw sie, zero
    csrci sstatus, 2
    ld t0, RV_SLOT_SATP(a1)
    ld t2, RV_SLOT_SELF(a1)
    lla t1, enter_kernel_trap
    csrw stvec, t1
    csrw satp, t0
    sfence.vma
    li t1, 1
    fence rw, w
    sd t1, RV_SLOT_STARTED(t2)
1:  ld t3, RV_SLOT_CPU(t2)
    beqz t3, 1b
    fence r, rw
2:  ld t4, RV_CPU_GOTO(t3)
    beqz t4, 2b
    fence r, rw
    ld sp, RV_CPU_STACK_TOP(t3)
    mv a0, t3
    li a1, 0
    li a2, 0
    li a3, 0
    li a4, 0
    li a5, 0
    li a6, 0
    li a7, 0
    li t0, 0
    li t1, 0
    li t2, 0
    li t3, 0
    li t5, 0
    li t6, 0
    li s0, 0
    li s1, 0
    li s2, 0
    li s3, 0
    li s4, 0
    li s5, 0
    li s6, 0
    li s7, 0
    li s8, 0
    li s9, 0
    li s10, 0
    li s11, 0
    li ra, 0
    li gp, 0
    li tp, 0
    jr t4
    .balign 8
enter_kernel_exit_slot:
    .quad 0
enter_kernel_end:

