// VBE: switch to a linear framebuffer mode of exactly the requested size.
#pragma once
#include <stdint.h>

struct kbuild_framebuffer;

// Fails the boot (in text mode, so the message shows) when no such mode exists.
void vbe_set_mode(uint32_t width, uint32_t height, uint32_t bpp, kbuild_framebuffer* out);
