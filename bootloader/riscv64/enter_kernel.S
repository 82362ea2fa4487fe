/* The riscv64 loaders' last step (the direct loader's and BOOTRISCV64.EFI's). */
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
    .balign 8
enter_kernel_exit_slot:
    .quad 0
enter_kernel_end:

