// A screen on the direct path: QEMU's ramfb (-device ramfb), a framebuffer in guest RAM that the
// guest sets up through fw_cfg's file "etc/ramfb" (QEMU's hw/display/ramfb.c).
#pragma once
#include <kbuild/boot.h>

#include "../shared/boot_manifest.h"

namespace a64 {

// When fw_cfg (registers at `fw_cfg`, 0 for none) has "etc/ramfb": a framebuffer of the
// manifest's size and depth (boot_limits.h's default without one) in RAM of its own (platform_allocate'd
// RESERVED in the map), shown by QEMU, described in `out`. Otherwise `out` stays zero: no screen.
void set_up_ramfb(uint64_t fw_cfg, const kbuild_boot_manifest& manifest, kbuild_framebuffer* out);

}  // namespace a64
