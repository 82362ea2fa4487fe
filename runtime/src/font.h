// The console's bitmap font (font.cpp): one byte per row, the most significant bit leftmost.
#pragma once

#include <stdint.h>

namespace kbuild_font {

constexpr int kGlyphWidth = 8;
constexpr int kGlyphHeight = 8;
constexpr int kFirst = 0x20;  // ' '
constexpr int kCount = 0x7f - kFirst;

// The rows of `c`'s glyph; characters outside printable ASCII are drawn as '?'.
const uint8_t* glyph(char c);

}  // namespace kbuild_font
