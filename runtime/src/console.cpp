// kbuild_console_*: text on the VGA text buffer or a linear framebuffer, and on the serial port.
#include <kbuild/console.h>
#include <kbuild/runtime.h>
#include <stdint.h>

#include "arch.h"
#include "font.h"

namespace {

constexpr uint64_t kVgaText = 0xb8000;  // physical address of the 80x25 text buffer
constexpr unsigned kVgaColumns = 80, kVgaRows = 25;

// The VGA palette in 8-bit RGB, index = kbuild_color.
constexpr uint8_t kPalette[16][3] = {
    {0x00, 0x00, 0x00}, {0x00, 0x00, 0xaa}, {0x00, 0xaa, 0x00}, {0x00, 0xaa, 0xaa},
    {0xaa, 0x00, 0x00}, {0xaa, 0x00, 0xaa}, {0xaa, 0x55, 0x00}, {0xaa, 0xaa, 0xaa},
    {0x55, 0x55, 0x55}, {0x55, 0x55, 0xff}, {0x55, 0xff, 0x55}, {0x55, 0xff, 0xff},
    {0xff, 0x55, 0x55}, {0xff, 0x55, 0xff}, {0xff, 0xff, 0x55}, {0xff, 0xff, 0xff},
};

enum class Screen { none, vga_text, framebuffer };

struct Console {
  Screen screen = Screen::none;
  unsigned columns = 0, rows = 0;
  unsigned column = 0, row = 0;
  uint8_t foreground = KBUILD_COLOR_LIGHT_GRAY, background = KBUILD_COLOR_BLACK;

  volatile uint16_t* cells = nullptr;  // VGA text

  volatile uint8_t* pixels = nullptr;  // framebuffer
  kbuild_framebuffer fb = {};
  unsigned bytes_per_pixel = 0;
  unsigned scale = 1;  // each font pixel is scale x scale screen pixels
};

Console g;

uint32_t channel(uint8_t value8, uint8_t size, uint8_t shift) {
  return size == 0 ? 0 : (uint32_t(value8) >> (8 - (size > 8 ? 8 : size))) << shift;
}

uint32_t pixel_value(uint8_t color) {
  const uint8_t* rgb = kPalette[color & 15];
  return channel(rgb[0], g.fb.red_size, g.fb.red_shift) |
         channel(rgb[1], g.fb.green_size, g.fb.green_shift) |
         channel(rgb[2], g.fb.blue_size, g.fb.blue_shift);
}

void put_pixel(volatile uint8_t* at, uint32_t value) {
  for (unsigned i = 0; i < g.bytes_per_pixel; ++i) at[i] = static_cast<uint8_t>(value >> (8 * i));
}

unsigned cell_width() { return kbuild_font::kGlyphWidth * g.scale; }
unsigned cell_height() { return (kbuild_font::kGlyphHeight + 2) * g.scale; }  // 1-pixel margins

void fill_rows(unsigned first_pixel_row, unsigned count, uint8_t color) {
  uint32_t value = pixel_value(color);
  for (unsigned y = first_pixel_row; y < first_pixel_row + count && y < g.fb.height; ++y) {
    volatile uint8_t* line = g.pixels + uint64_t(y) * g.fb.pitch;
    for (unsigned x = 0; x < g.fb.width; ++x) put_pixel(line + x * g.bytes_per_pixel, value);
  }
}

void draw(unsigned column, unsigned row, char c) {
  if (g.screen == Screen::vga_text) {
    uint16_t attribute = uint16_t(g.background << 4 | g.foreground) << 8;
    g.cells[row * g.columns + column] = attribute | static_cast<uint8_t>(c);
    return;
  }
  const uint8_t* rows = kbuild_font::glyph(c);
  uint32_t on = pixel_value(g.foreground), off = pixel_value(g.background);
  unsigned x0 = column * cell_width(), y0 = row * cell_height();
  for (unsigned y = 0; y < cell_height(); ++y) {
    int font_row = int(y / g.scale) - 1;
    uint8_t bits = font_row >= 0 && font_row < kbuild_font::kGlyphHeight ? rows[font_row] : 0;
    volatile uint8_t* line = g.pixels + uint64_t(y0 + y) * g.fb.pitch;
    for (unsigned x = 0; x < cell_width(); ++x) {
      bool lit = bits & (0x80u >> (x / g.scale));
      put_pixel(line + (x0 + x) * g.bytes_per_pixel, lit ? on : off);
    }
  }
}

void scroll() {
  if (g.screen == Screen::vga_text) {
    for (unsigned i = 0; i < (g.rows - 1) * g.columns; ++i) g.cells[i] = g.cells[i + g.columns];
    for (unsigned c = 0; c < g.columns; ++c) draw(c, g.rows - 1, ' ');
    return;
  }
  uint64_t line_bytes = uint64_t(g.fb.width) * g.bytes_per_pixel;
  unsigned moved = (g.rows - 1) * cell_height();
  for (unsigned y = 0; y < moved; ++y) {
    volatile uint8_t* to = g.pixels + uint64_t(y) * g.fb.pitch;
    volatile uint8_t* from = to + uint64_t(cell_height()) * g.fb.pitch;
    for (uint64_t i = 0; i < line_bytes; ++i) to[i] = from[i];
  }
  fill_rows(moved, cell_height(), g.background);
}

void new_line() {
  g.column = 0;
  if (g.row + 1 < g.rows) {
    ++g.row;
  } else {
    scroll();
  }
}

void put(char c) {
  if (c == '\n') {
    new_line();
    return;
  }
  if (c == '\r') {
    g.column = 0;
    return;
  }
  if (g.column == g.columns) new_line();
  draw(g.column++, g.row, c);
}

}  // namespace

extern "C" void kbuild_console_init(const kbuild_boot_info* info) {
  g = Console{};
  const kbuild_framebuffer& fb = info->framebuffer;
  if (fb.address == 0 && kbuild_arch_has_vga_text()) {
    g.screen = Screen::vga_text;
    g.cells = reinterpret_cast<volatile uint16_t*>(info->physical_memory_offset + kVgaText);
    g.columns = kVgaColumns;
    g.rows = kVgaRows;
  } else if (fb.bpp >= 15 && fb.bpp <= 32 && fb.width >= 64 && fb.height >= 64) {
    g.screen = Screen::framebuffer;
    g.fb = fb;
    g.pixels = reinterpret_cast<volatile uint8_t*>(info->physical_memory_offset + fb.address);
    g.bytes_per_pixel = (fb.bpp + 7) / 8;
    g.scale = fb.width >= 1024 ? 2 : 1;
    g.columns = fb.width / cell_width();
    g.rows = fb.height / cell_height();
  }
  kbuild_console_clear();
}

extern "C" unsigned kbuild_console_columns(void) { return g.columns; }
extern "C" unsigned kbuild_console_rows(void) { return g.rows; }

extern "C" void kbuild_console_set_color(kbuild_color foreground, kbuild_color background) {
  g.foreground = static_cast<uint8_t>(foreground & 15);
  g.background = static_cast<uint8_t>(background & 15);
}

extern "C" void kbuild_console_clear(void) {
  if (g.screen == Screen::vga_text) {
    for (unsigned r = 0; r < g.rows; ++r) {
      for (unsigned c = 0; c < g.columns; ++c) draw(c, r, ' ');
    }
  } else if (g.screen == Screen::framebuffer) {
    fill_rows(0, g.fb.height, g.background);
  }
  g.column = g.row = 0;
}

extern "C" void kbuild_console_write(const char* text, size_t length) {
  kbuild_serial_write(text, length);
  if (g.screen == Screen::none) return;
  for (size_t i = 0; i < length; ++i) put(text[i]);
}

extern "C" void kbuild_console_print(const char* text) {
  size_t n = 0;
  while (text[n] != '\0') ++n;
  kbuild_console_write(text, n);
}
