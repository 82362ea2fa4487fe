// Checks kbuild's console on whatever screen it was booted with: characters, colours, line
// breaks and scrolling, read back from the VGA text buffer or the framebuffer's pixels.
#include <kbuild/boot.h>
#include <kbuild/console.h>
#include <kbuild/test.h>

#include <cstdint>

namespace {

const kbuild_boot_info* g_info;

// 'H' in kbuild's font: lit at columns 0 and 5 of each of its first seven rows, and across its
// fourth row only.
constexpr unsigned kCellWidth = 8, kCellHeight = 10;

uint32_t pixel(unsigned x, unsigned y) {
  const kbuild_framebuffer& fb = g_info->framebuffer;
  auto* p = reinterpret_cast<volatile uint8_t*>(g_info->physical_memory_offset + fb.address +
                                                uint64_t(y) * fb.pitch + x * (fb.bpp / 8));
  uint32_t v = 0;
  for (unsigned i = 0; i < fb.bpp / 8; ++i) v |= uint32_t(p[i]) << (8 * i);
  return v;
}

uint32_t rgb(uint8_t r, uint8_t g, uint8_t b) {
  const kbuild_framebuffer& fb = g_info->framebuffer;
  return uint32_t(r) >> (8 - fb.red_size) << fb.red_shift |
         uint32_t(g) >> (8 - fb.green_size) << fb.green_shift |
         uint32_t(b) >> (8 - fb.blue_size) << fb.blue_shift;
}

uint16_t cell(unsigned column, unsigned row) {
  auto* cells = reinterpret_cast<volatile uint16_t*>(g_info->physical_memory_offset + 0xb8000);
  return cells[row * 80 + column];
}

// Whether an 'H' in `foreground` on `background` is drawn at text position (column, row).
bool h_at(unsigned column, unsigned row, uint32_t foreground, uint32_t background) {
  unsigned scale = g_info->framebuffer.width >= 1024 ? 2 : 1;
  unsigned x = column * kCellWidth * scale, y = row * kCellHeight * scale;
  for (unsigned r = 0; r < 7; ++r) {
    unsigned py = y + (1 + r) * scale;
    if (pixel(x, py) != foreground || pixel(x + 5 * scale, py) != foreground) return false;
    if (pixel(x + 2 * scale, py) != (r == 3 ? foreground : background)) return false;
  }
  return pixel(x, y) == background;  // the margin row above the glyph
}

}  // namespace

KBUILD_TEST(screen_size_follows_the_boot_screen) {
  kbuild_console_init(g_info);
  if (g_info->framebuffer.address == 0) {
    KBUILD_ASSERT_EQ(kbuild_console_columns(), 80u);
    KBUILD_ASSERT_EQ(kbuild_console_rows(), 25u);
  } else {
    unsigned scale = g_info->framebuffer.width >= 1024 ? 2 : 1;
    KBUILD_ASSERT_EQ(kbuild_console_columns(), g_info->framebuffer.width / (kCellWidth * scale));
    KBUILD_ASSERT_EQ(kbuild_console_rows(), g_info->framebuffer.height / (kCellHeight * scale));
  }
}

KBUILD_TEST(characters_and_colours_are_drawn) {
  kbuild_console_init(g_info);
  kbuild_console_set_color(KBUILD_COLOR_WHITE, KBUILD_COLOR_BLUE);
  kbuild_console_print("H\nxH\n");
  if (g_info->framebuffer.address == 0) {
    KBUILD_ASSERT_EQ(cell(0, 0), uint16_t(0x1f00 | 'H'));
    KBUILD_ASSERT_EQ(cell(1, 1), uint16_t(0x1f00 | 'H'));
    KBUILD_ASSERT_EQ(cell(1, 0), uint16_t(0x0700 | ' '));  // cleared in light gray on black
  } else {
    KBUILD_ASSERT(h_at(0, 0, rgb(0xff, 0xff, 0xff), rgb(0, 0, 0xaa)));
    KBUILD_ASSERT(h_at(1, 1, rgb(0xff, 0xff, 0xff), rgb(0, 0, 0xaa)));
    KBUILD_ASSERT_EQ(pixel(kCellWidth * 3, 1), rgb(0, 0, 0));  // the cleared screen
  }
}

KBUILD_TEST(a_full_screen_scrolls_up_one_line) {
  kbuild_console_init(g_info);
  unsigned rows = kbuild_console_rows();
  kbuild_console_print("x\nH");  // 'H' on row 1
  for (unsigned i = 1; i < rows; ++i) kbuild_console_print("\n");
  // One line past the bottom: row 1 moved to row 0.
  if (g_info->framebuffer.address == 0) {
    KBUILD_ASSERT_EQ(cell(0, 0) & 0xff, 'H');
    KBUILD_ASSERT_EQ(cell(0, rows - 1) & 0xff, ' ');
  } else {
    KBUILD_ASSERT(h_at(0, 0, rgb(0xaa, 0xaa, 0xaa), rgb(0, 0, 0)));
  }
}

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
