/* BOOTRISCV64.EFI's entry: the firmware calls it as efi_main(a0 = image handle, a1 = system
 * table) in S-mode, the MMU off, on the firmware's stack. The PE's .bss is zeroed here rather than
 * trusted to the loader (bss lies past the raw data of its section); the call keeps a0/a1. */
    .section .text.entry, "ax", @progbits
    .globl _start
_start:
    lla t0, __bss_start
    lla t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  tail efi_main



