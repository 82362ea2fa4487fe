/* A kernel in C: the boot contract is plain C, kernel_main's declaration included. */
#include <kbuild/boot.h>

__asm__(
    ".section .text.entry, \"ax\"\n"
    ".global _start\n"
    "_start:\n"
    "  call kernel_main\n"
    "1: hlt\n"
    "  jmp 1b\n"
    ".previous\n");

static void outb(uint16_t port, uint8_t value) {
  __asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

static void print(const char* s) {
  while (*s) outb(0x3f8, (uint8_t)*s++);
}

void kernel_main(const struct kbuild_boot_info* info) {
  const struct kbuild_memory_region* map = (const struct kbuild_memory_region*)info->memory_map;
  if (info->magic == KBUILD_BOOT_MAGIC && info->version == KBUILD_BOOT_VERSION &&
      info->memory_map_entries > 0 && map[0].length > 0) {
    print("C KERNEL OK\n");
    outb(0xf4, 0x10);
  }
  print("C KERNEL FAIL\n");
  outb(0xf4, 0x11);
  for (;;) __asm__ volatile("hlt");
}
