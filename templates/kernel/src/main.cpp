// {{name}}: kbuild's bootloader calls kernel_main once global constructors have run.
#include <kbuild/boot.h>

#include <cstdint>

#include "vga.h"

namespace {

constexpr uintptr_t kVgaText = 0xb8000;  // physical address of the VGA text buffer

}  // namespace

extern "C" void kernel_main(const kbuild_boot_info* info) {
  // The bootloader maps all physical memory at info->physical_memory_offset.
  vga::Writer screen(info->physical_memory_offset + kVgaText);
  screen.clear();
  screen.set_color(vga::Color::LightGreen, vga::Color::Black);
  screen.write("Hello, world!\n");
  screen.set_color(vga::Color::LightGray, vga::Color::Black);
  screen.write("This is {{name}}.\n");
  // Returning halts the CPU (under `kbuild run` the machine powers off, which ends the run).
}
