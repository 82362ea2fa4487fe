#include "ramfb.h"

#include "../common/platform.h"
#include "../shared/boot_limits.h"
#include "../common/console.h"
#include "a64.h"
#include "fw_cfg.h"

namespace a64 {
namespace {

constexpr uint32_t fourcc(char a, char b, char c, char d) {
  return uint32_t(uint8_t(a)) | uint32_t(uint8_t(b)) << 8 | uint32_t(uint8_t(c)) << 16 | uint32_t(uint8_t(d)) << 24;
}
// DRM's formats: blue in the first byte, then green, then red (and one unused byte at 32 bpp).
constexpr uint32_t kXrgb8888 = fourcc('X', 'R', '2', '4');
constexpr uint32_t kRgb888 = fourcc('R', 'G', '2', '4');

// "etc/ramfb"'s contents, every field big-endian.
struct [[gnu::packed]] RamfbConfig {
  uint64_t address;
  uint32_t fourcc, flags, width, height, stride;
};
static_assert(sizeof(RamfbConfig) == 28, "QEMU's RAMFBCfg");
RamfbConfig config;  // in RAM: fw_cfg's DMA reads it from there

}  // namespace

void set_up_ramfb(uint64_t fw_cfg, const kbuild_boot_manifest& manifest, kbuild_framebuffer* out) {
  *out = {};
  FwCfg device(fw_cfg);
  if (!device.has_dma()) return;
  uint16_t file = device.find("etc/ramfb");
  if (file == 0) return;
  kbuild_framebuffer fb = {};
  fb.width = manifest.framebuffer_width ? manifest.framebuffer_width : kbuild_limits::kDefaultFramebufferWidth;
  fb.height = manifest.framebuffer_width ? manifest.framebuffer_height : kbuild_limits::kDefaultFramebufferHeight;
  fb.bpp = manifest.framebuffer_width ? manifest.framebuffer_bpp : kbuild_limits::kDefaultFramebufferBpp;
  if (fb.bpp != 32 && fb.bpp != 24)
    Message().str("ramfb shows 32 or 24 bits per pixel, not the ").dec(fb.bpp).str(" [bootloader] framebuffer asks for").fail();
  fb.pitch = fb.width * (fb.bpp / 8);
  fb.address = platform_allocate(uint64_t(fb.pitch) * fb.height, KBUILD_MEMORY_RESERVED);
  fb.blue_shift = 0;
  fb.green_shift = 8;
  fb.red_shift = 16;
  fb.red_size = fb.green_size = fb.blue_size = 8;
  config.address = __builtin_bswap64(fb.address);
  config.fourcc = __builtin_bswap32(fb.bpp == 32 ? kXrgb8888 : kRgb888);
  config.flags = 0;
  config.width = __builtin_bswap32(fb.width);
  config.height = __builtin_bswap32(fb.height);
  config.stride = __builtin_bswap32(fb.pitch);
  device.write(file, &config, sizeof config, "etc/ramfb (the framebuffer's setup)");
  *out = fb;
}

}  // namespace a64
