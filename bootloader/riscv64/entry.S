/* The riscv64 direct loader's entry: OpenSBI (fw_dynamic, QEMU virt's default -bios) jumps to
 * 0x80200000 in S-mode with the MMU off, a0 = hart id and a1 = the device tree. */
    .section .text.entry, "ax", @progbits
    .globl _start
_start:
    csrw sie, zero
    csrci sstatus, 2          /* SIE off */
    csrw satp, zero
    la t0, __bss_start        /* the flat binary does not carry .bss: zero it */
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  la sp, loader_stack_top
    call loader_main          /* loader_main(hart id, device tree) never returns */
3:  wfi
    j 3b

    .section .bss.stack, "aw", @nobits
    .balign 16
    .space 16384
    .globl loader_stack_top
loader_stack_top:
