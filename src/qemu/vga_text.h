// The 80x25 VGA text screen as kbuild shows it after a headless run: 4000 bytes read from guest
// physical 0xb8000 (character, attribute) turned into lines of text, colored on a terminal.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace kbuild {

inline constexpr uint64_t kVgaTextAddress = 0xb8000;
inline constexpr int kVgaColumns = 80, kVgaRows = 25;
inline constexpr size_t kVgaTextBytes = kVgaColumns * kVgaRows * 2;

// Renders the screen: trailing blanks of each line and blank lines at the bottom are dropped.
// With color, each run of cells with the same attribute gets ANSI foreground/background colors.
// Characters are code page 437; the printable ASCII range is kept and box-drawing and other
// glyphs become their closest UTF-8 equivalents.
// The UTF-8 text of one code page 437 character: one code point for each of the 256 bytes.
std::string_view cp437_utf8(uint8_t ch);

std::string render_vga_text(std::span<const uint8_t> cells, bool color);

}  // namespace kbuild
