// The framebuffer under UEFI: the Graphics Output Protocol's mode.
#pragma once
#include <stdint.h>

struct kbuild_framebuffer;

namespace uefi {

// With width != 0: sets the GOP mode of exactly that size and depth, or fails the boot with
// the list of modes the firmware has. Otherwise describes the current mode (all zero when the
// machine has no GOP).
void set_framebuffer(uint32_t width, uint32_t height, uint32_t bpp, kbuild_framebuffer* out);

}  // namespace uefi
