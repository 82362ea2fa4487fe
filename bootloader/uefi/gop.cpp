#include "gop.h"

#include <kbuild/boot.h>

#include "console.h"
#include "efi.h"
#include "firmware.h"
#include "lib.h"

namespace uefi {
namespace {

constexpr uint32_t kDirectColourBpp = 32;  // the 8-bit-per-channel GOP formats
constexpr uint8_t kChannelBits = 8;
constexpr uint8_t kFirstByte = 0, kSecondByte = 8, kThirdByte = 16;

void mask_to_field(uint32_t mask, uint8_t* size, uint8_t* shift) {
  *size = 0;
  *shift = 0;
  if (mask == 0) return;
  while (!((mask >> *shift) & 1)) ++*shift;
  while (*shift + *size < 32 && ((mask >> (*shift + *size)) & 1)) ++*size;
}

// Bits per pixel of a mode with a framebuffer; 0 for a Blt-only mode.
uint32_t bpp_of(const efi::GraphicsModeInfo& info) {
  switch (info.pixel_format) {
    case efi::kPixelRedGreenBlueReserved8:
    case efi::kPixelBlueGreenRedReserved8:
      return kDirectColourBpp;
    case efi::kPixelBitMask: {
      const efi::PixelBitmask& m = info.pixel_information;
      uint32_t all = m.red | m.green | m.blue | m.reserved;
      uint32_t bits = 0;
      for (; all; all &= all - 1) ++bits;
      return bits;
    }
    default:
      return 0;
  }
}

void describe(const efi::GraphicsOutput* gop, const efi::GraphicsModeInfo& info,
              kbuild_framebuffer* out) {
  kbuild_framebuffer fb = {};
  fb.bpp = bpp_of(info);
  if (fb.bpp == 0) {
    *out = fb;
    return;
  }
  fb.address = gop->mode->frame_buffer_base;
  fb.width = info.horizontal_resolution;
  fb.height = info.vertical_resolution;
  fb.pitch = info.pixels_per_scan_line * ((fb.bpp + 7) / 8);
  switch (info.pixel_format) {
    case efi::kPixelRedGreenBlueReserved8:
      fb.red_shift = kFirstByte;
      fb.green_shift = kSecondByte;
      fb.blue_shift = kThirdByte;
      fb.red_size = fb.green_size = fb.blue_size = kChannelBits;
      break;
    case efi::kPixelBlueGreenRedReserved8:
      fb.blue_shift = kFirstByte;
      fb.green_shift = kSecondByte;
      fb.red_shift = kThirdByte;
      fb.red_size = fb.green_size = fb.blue_size = kChannelBits;
      break;
    default:
      mask_to_field(info.pixel_information.red, &fb.red_size, &fb.red_shift);
      mask_to_field(info.pixel_information.green, &fb.green_size, &fb.green_shift);
      mask_to_field(info.pixel_information.blue, &fb.blue_size, &fb.blue_shift);
  }
  *out = fb;
}

}  // namespace

void set_framebuffer(uint32_t width, uint32_t height, uint32_t bpp, kbuild_framebuffer* out) {
  *out = {};
  efi::GraphicsOutput* gop = nullptr;
  efi::Status status =
      boot()->locate_protocol(&efi::kGraphicsOutputProtocol, nullptr, reinterpret_cast<void**>(&gop));
  if (status != efi::kSuccess || gop == nullptr) {
    if (width == 0) return;  // no display: no framebuffer to report
    Message()
        .str("no GOP mode ")
        .dec(width)
        .str("x")
        .dec(height)
        .str("x")
        .dec(bpp)
        .str(": the firmware has no graphics output (QEMU needs a display device, e.g. -vga std)")
        .fail();
  }
  if (width == 0) {
    describe(gop, *gop->mode->info, out);
    return;
  }

  Message modes;
  int listed = 0;
  for (uint32_t mode = 0; mode < gop->mode->max_mode; ++mode) {
    efi::GraphicsModeInfo* info = nullptr;
    uint64_t size = 0;
    if (gop->query_mode(gop, mode, &size, &info) != efi::kSuccess || info == nullptr) continue;
    uint32_t mode_bpp = bpp_of(*info);
    if (mode_bpp == 0) continue;
    if (info->horizontal_resolution == width && info->vertical_resolution == height &&
        mode_bpp == bpp) {
      check(gop->set_mode(gop, mode), "cannot set the GOP mode");
      describe(gop, *gop->mode->info, out);
      return;
    }
    modes.str(listed++ ? ", " : "")
        .dec(info->horizontal_resolution)
        .str("x")
        .dec(info->vertical_resolution)
        .str("x")
        .dec(mode_bpp);
  }
  Message()
      .str("no GOP mode ")
      .dec(width)
      .str("x")
      .dec(height)
      .str("x")
      .dec(bpp)
      .str(": the firmware has ")
      .str(listed ? modes.text() : "no mode with a framebuffer")
      .fail();
}

}  // namespace uefi
