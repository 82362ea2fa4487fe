// {{name}}: kbuild's bootloader calls kernel_main once global constructors have run.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

#include <cstdint>

#include "vga.h"

namespace {

// Where the bootloader maps all physical memory (kbuild's default physical-memory-offset).
// TODO: read it from the boot information instead, once that field is final.
constexpr uintptr_t KBUILD_PHYS_OFFSET = 0xffff800000000000;

constexpr uintptr_t kVgaText = 0xb8000;  // physical address of the VGA text buffer

}  // namespace

extern "C" void kernel_main(const kbuild_boot_info*) {
  vga::Writer screen(KBUILD_PHYS_OFFSET + kVgaText);
  screen.clear();
  screen.set_color(vga::Color::LightGreen, vga::Color::Black);
  screen.write("Hello, world!\n");
  screen.set_color(vga::Color::LightGray, vga::Color::Black);
  screen.write("This is {{name}}.\n");
  // The runtime halts the CPU when kernel_main returns.
}
