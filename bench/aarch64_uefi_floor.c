/* The aarch64 UEFI floor for bench/run: an EFI application that ends QEMU at once through
 * semihosting SYS_EXIT with status 33, as the bench's kernels do at their entry. Booted from the
 * same disk as BOOTAA64.EFI, it measures what AAVMF costs before any loader runs. */
unsigned long long efi_main(void* image, void* system_table) {
  (void)image;
  (void)system_table;
  static const unsigned long long block[2] = {0x20026, 33}; /* ADP_Stopped_ApplicationExit */
  register unsigned long long x0 __asm__("x0") = 0x18;       /* SYS_EXIT */
  register const unsigned long long* x1 __asm__("x1") = block;
  __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  for (;;) __asm__ volatile("wfi");
}
