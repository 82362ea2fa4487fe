/* The riscv64 UEFI floor for bench/run: an EFI application that ends QEMU at once through virt's
 * sifive_test device with status 33, as the bench's kernels do. Linked as BOOTRISCV64.EFI is
 * (riscv64/uefi_linker.ld, then kbuild_elf_to_pe) and booted from the same disk in its place, it
 * measures what OpenSBI and U-Boot cost before any loader runs. */
unsigned long long _start(void* image, void* system_table) {
  (void)image;
  (void)system_table;
  *(volatile unsigned*)0x100000 = (33u << 16) | 0x3333;
  for (;;) __asm__ volatile("wfi");
}
