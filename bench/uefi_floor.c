/* The UEFI floor for bench/run: an EFI application that ends QEMU at once through the debug-exit
 * port (status 33), as the bench's kernels do at their entry. Booted from the same disk as kbuild's
 * loader, it measures what OVMF costs before any loader runs. */
__attribute__((ms_abi)) unsigned long long efi_main(void* image, void* system_table) {
  (void)image;
  (void)system_table;
  __asm__ volatile("outb %0, %1" ::"a"((unsigned char)0x10), "Nd"((unsigned short)0xf4));
  for (;;) __asm__ volatile("cli; hlt");
}
