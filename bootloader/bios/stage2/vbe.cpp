#include "vbe.h"

#include <kbuild/boot.h>

#include "bios.h"
#include "console.h"
#include "screen.h"
#include "lib.h"
#include "memory_layout.h"

namespace {

constexpr uint64_t kControllerInfo = KBUILD_SCRATCH_ADDRESS + 0x100;  // 512 bytes
constexpr uint64_t kModeInfo = KBUILD_SCRATCH_ADDRESS + 0x400;        // 256 bytes
constexpr int kMaxModes = 512;

uint16_t modes[kMaxModes];

bool vbe_call(uint16_t function, uint16_t bx, uint16_t cx, uint64_t buffer) {
  bios_regs regs = {};
  regs.eax = function;
  regs.ebx = bx;
  regs.ecx = cx;
  regs.es = real_segment(buffer);
  regs.edi = real_offset(buffer);
  bios_call(0x10, &regs);
  return (regs.eax & 0xffff) == 0x004f;
}

template <class T>
T field(uint64_t base, int offset) {
  T value;
  memcpy(&value, phys_ptr<uint8_t>(base) + offset, sizeof(T));
  return value;
}

[[noreturn]] void no_mode(uint32_t width, uint32_t height, uint32_t bpp, const char* why) {
  Message()
      .str("no VBE mode ")
      .dec(width)
      .str("x")
      .dec(height)
      .str("x")
      .dec(bpp)
      .str(": ")
      .str(why)
      .fail();
}

}  // namespace

void vbe_set_mode(uint32_t width, uint32_t height, uint32_t bpp, kbuild_framebuffer* out) {
  memset(phys_ptr<void>(kControllerInfo), 0, 512);
  memcpy(phys_ptr<void>(kControllerInfo), "VBE2", 4);
  if (!vbe_call(0x4f00, 0, 0, kControllerInfo) ||
      memcmp(phys_ptr<void>(kControllerInfo), "VESA", 4) != 0) {
    no_mode(width, height, bpp, "the video BIOS has no VBE (QEMU needs -vga std)");
  }
  uint16_t version = field<uint16_t>(kControllerInfo, 4);
  uint32_t list = field<uint32_t>(kControllerInfo, 14);  // real-mode far pointer
  uint64_t address = (uint64_t(list >> 16) << 4) + (list & 0xffff);
  int n = 0;
  for (; n < kMaxModes; ++n) {  // copied: the list may live in the buffer we reuse below
    modes[n] = field<uint16_t>(address, 2 * n);
    if (modes[n] == 0xffff) break;
  }

  for (int i = 0; i < n; ++i) {
    memset(phys_ptr<void>(kModeInfo), 0, 256);
    if (!vbe_call(0x4f01, 0, modes[i], kModeInfo)) continue;
    uint16_t attributes = field<uint16_t>(kModeInfo, 0);
    uint8_t model = field<uint8_t>(kModeInfo, 27);
    if ((attributes & 0x91) != 0x91) continue;  // supported, graphics, linear framebuffer
    if (field<uint16_t>(kModeInfo, 18) != width || field<uint16_t>(kModeInfo, 20) != height ||
        field<uint8_t>(kModeInfo, 25) != bpp) {
      continue;
    }
    if (model != 6 && !(model == 4 && bpp == 8)) continue;  // direct colour (or 8-bit packed)
    kbuild_framebuffer fb = {};
    fb.address = field<uint32_t>(kModeInfo, 40);
    fb.width = width;
    fb.height = height;
    fb.bpp = bpp;
    fb.pitch = version >= 0x300 ? field<uint16_t>(kModeInfo, 50) : field<uint16_t>(kModeInfo, 16);
    fb.red_size = field<uint8_t>(kModeInfo, 31);
    fb.red_shift = field<uint8_t>(kModeInfo, 32);
    fb.green_size = field<uint8_t>(kModeInfo, 33);
    fb.green_shift = field<uint8_t>(kModeInfo, 34);
    fb.blue_size = field<uint8_t>(kModeInfo, 35);
    fb.blue_shift = field<uint8_t>(kModeInfo, 36);
    if (!vbe_call(0x4f02, modes[i] | 0x4000, 0, kModeInfo)) continue;
    screen_graphics_mode();
    *out = fb;
    return;
  }
  no_mode(width, height, bpp, "the video BIOS offers no such linear framebuffer mode");
}
