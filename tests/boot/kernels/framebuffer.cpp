// Asks for 800x600x32 (through the image options): the framebuffer is described, mapped
// through the physical-memory offset, and takes writes.
#include "test_kernel.h"

extern "C" void test_main(const kbuild_boot_info* info) {
  const kbuild_framebuffer& fb = info->framebuffer;
  tk::print("FB address=");
  tk::print_hex(fb.address);
  tk::print(" ");
  tk::print_dec(fb.width);
  tk::print("x");
  tk::print_dec(fb.height);
  tk::print("x");
  tk::print_dec(fb.bpp);
  tk::print(" pitch=");
  tk::print_dec(fb.pitch);
  tk::print("\n");
  CHECK(fb.address != 0);
  CHECK(fb.width == 800 && fb.height == 600 && fb.bpp == 32);
  CHECK(fb.pitch >= 800 * 4);
  CHECK(fb.red_size == 8 && fb.green_size == 8 && fb.blue_size == 8);
  auto* pixels = reinterpret_cast<volatile uint32_t*>(info->physical_memory_offset + fb.address);
  for (uint32_t y = 0; y < fb.height; y += 599) {
    for (uint32_t x = 0; x < fb.width; ++x) pixels[y * fb.pitch / 4 + x] = 0x00ff8000 | x;
  }
  CHECK(pixels[599 * fb.pitch / 4 + 799] == (0x00ff8000 | 799));
  tk::print("FB OK\n");
  tk::exit(tk::kPass);
}
