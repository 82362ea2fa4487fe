// Every byte a kernel can put in a VGA text cell renders as one UTF-8 code point.
#include <gtest/gtest.h>

#include <vector>

#include "qemu/vga_text.h"

namespace kbuild {
namespace {

// The number of code points in `text` when it is valid UTF-8 (shortest forms), or -1.
int utf8_code_points(std::string_view text) {
  int count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    auto b = static_cast<unsigned char>(text[i]);
    size_t length = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 : (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 0;
    if (length == 0 || i + length > text.size() || (length == 2 && b < 0xc2)) return -1;
    for (size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return -1;
    i += length;
  }
  return count;
}

TEST(VgaCodePage, EveryByteIsOneUtf8CodePoint) {
  for (int ch = 0; ch < 256; ++ch) {
    std::string_view text = cp437_utf8(static_cast<uint8_t>(ch));
    EXPECT_EQ(utf8_code_points(text), 1) << "byte 0x" << std::hex << ch << " gives '" << text << "'";
  }
}

TEST(VgaCodePage, KnownGlyphs) {
  EXPECT_EQ(cp437_utf8(0x7f), "⌂");
  EXPECT_EQ(cp437_utf8('A'), "A");
  EXPECT_EQ(cp437_utf8(0x00), " ");
  EXPECT_EQ(cp437_utf8(0x01), "☺");
  EXPECT_EQ(cp437_utf8(0xdb), "█");
  EXPECT_EQ(cp437_utf8(0xff), " ");
}

TEST(VgaCodePage, AScreenHoldingEveryByteRenders) {
  // Bytes 0..255 from the top left, in light grey on black; the rest of the screen blank.
  std::vector<uint8_t> cells(kVgaTextBytes, 0);
  for (int ch = 0; ch < 256; ++ch) {
    cells[ch * 2] = static_cast<uint8_t>(ch);
    cells[ch * 2 + 1] = 0x07;
  }
  for (bool color : {false, true}) {
    std::string out = render_vga_text(cells, color);
    EXPECT_GT(utf8_code_points(out), 0) << out;
    EXPECT_NE(out.find("}~⌂Ç"), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace kbuild
