// {{name}}: kbuild's bootloader calls kernel_main once global constructors have run.
#include <kbuild/boot.h>
#include <kbuild/console.h>
#include <kbuild/print.h>

extern "C" void kernel_main(const kbuild_boot_info* info) {
  // kbuild's console writes on the screen the bootloader left (the VGA text screen on a BIOS
  // machine, the framebuffer under UEFI and on aarch64's QEMU virt) and on the serial port.
  kbuild_console_init(info);
  kbuild_console_set_color(KBUILD_COLOR_LIGHT_GREEN, KBUILD_COLOR_BLACK);
  kbuild_console_print("Hello, world!\n");
  kbuild_console_set_color(KBUILD_COLOR_LIGHT_GRAY, KBUILD_COLOR_BLACK);
  // kbuild::println formats as std::format does ({}, {:#x}, {:.2f}, ...), to the screen and COM1.
  kbuild::println("This is {}.", "{{name}}");
  // Returning halts the CPU (under `kbuild run` the machine powers off, which ends the run).
}
