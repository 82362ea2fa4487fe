#include "qemu/vga_text.h"

#include <vector>

#include <fmt/format.h>

namespace kbuild {
namespace {

// VGA color index (bit 0 blue, bit 1 green, bit 2 red, bit 3 bright) to ANSI (bit 0 red, bit 1
// green, bit 2 blue).
int ansi_color(int vga) {
  int base = ((vga & 1) << 2) | (vga & 2) | ((vga & 4) >> 2);
  return base;
}

}  // namespace

// The control range and 0x7f are glyphs too on a VGA screen; 0x00 and 0xff (blank cells) show as
// spaces.
std::string_view cp437_utf8(uint8_t ch) {
  static const char* const kHigh[128] = {
      "Ç", "ü", "é", "â", "ä", "à", "å", "ç", "ê", "ë", "è", "ï", "î", "ì", "Ä", "Å",
      "É", "æ", "Æ", "ô", "ö", "ò", "û", "ù", "ÿ", "Ö", "Ü", "¢", "£", "¥", "₧", "ƒ",
      "á", "í", "ó", "ú", "ñ", "Ñ", "ª", "º", "¿", "⌐", "¬", "½", "¼", "¡", "«", "»",
      "░", "▒", "▓", "│", "┤", "╡", "╢", "╖", "╕", "╣", "║", "╗", "╝", "╜", "╛", "┐",
      "└", "┴", "┬", "├", "─", "┼", "╞", "╟", "╚", "╔", "╩", "╦", "╠", "═", "╬", "╧",
      "╨", "╤", "╥", "╙", "╘", "╒", "╓", "╫", "╪", "┘", "┌", "█", "▄", "▌", "▐", "▀",
      "α", "ß", "Γ", "π", "Σ", "σ", "µ", "τ", "Φ", "Θ", "Ω", "δ", "∞", "φ", "ε", "∩",
      "≡", "±", "≥", "≤", "⌠", "⌡", "÷", "≈", "°", "∙", "·", "√", "ⁿ", "²", "■", " "};
  static const char* const kLow[32] = {" ", "☺", "☻", "♥", "♦", "♣", "♠", "•", "◘", "○", "◙",
                                       "♂", "♀", "♪", "♫", "☼", "►", "◄", "↕", "‼", "¶", "§",
                                       "▬", "↨", "↑", "↓", "→", "←", "∟", "↔", "▲", "▼"};
  static const char* const kAscii[96] = {
      " ", "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/",
      "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ":", ";", "<", "=", ">", "?",
      "@", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
      "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "[", "\\", "]", "^", "_",
      "`", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
      "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "{", "|", "}", "~", "⌂"};
  if (ch >= 0x80) return kHigh[ch - 0x80];
  if (ch >= 0x20) return kAscii[ch - 0x20];
  return kLow[ch];
}

std::string render_vga_text(std::span<const uint8_t> cells, bool color) {
  std::vector<std::string> lines;
  size_t rows = std::min<size_t>(kVgaRows, cells.size() / (kVgaColumns * 2));
  for (size_t row = 0; row < rows; ++row) {
    // Find the last cell that shows something (a non-blank glyph, or a colored background).
    int last = -1;
    for (int col = 0; col < kVgaColumns; ++col) {
      uint8_t ch = cells[(row * kVgaColumns + col) * 2];
      uint8_t attr = cells[(row * kVgaColumns + col) * 2 + 1];
      bool blank = ch == ' ' || ch == 0 || ch == 0xff;
      if (!blank || (color && (attr >> 4 & 7) != 0)) last = col;
    }
    std::string line;
    int current = -1;
    for (int col = 0; col <= last; ++col) {
      uint8_t ch = cells[(row * kVgaColumns + col) * 2];
      uint8_t attr = cells[(row * kVgaColumns + col) * 2 + 1];
      if (color && attr != current) {
        int fg = attr & 0xf, bg = attr >> 4 & 0x7;
        line += fmt::format("\x1b[0;{}{};{}m", fg & 8 ? "1;" : "", 30 + ansi_color(fg & 7), 40 + ansi_color(bg));
        current = attr;
      }
      line += cp437_utf8(ch);
    }
    if (color && current != -1) line += "\x1b[0m";
    lines.push_back(std::move(line));
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace kbuild
