#include "vga.h"

namespace vga {

Writer::Writer(uintptr_t buffer) : cells_(reinterpret_cast<volatile uint16_t*>(buffer)) {}

void Writer::set_color(Color foreground, Color background) {
  attribute_ = uint8_t(uint8_t(background) << 4 | uint8_t(foreground));
}

void Writer::put(size_t row, size_t column, char c) {
  // Each cell is the character in the low byte and its colours in the high byte.
  cells_[row * kWidth + column] = uint16_t(attribute_ << 8 | uint8_t(c));
}

void Writer::clear() {
  for (size_t row = 0; row < kHeight; ++row) {
    for (size_t column = 0; column < kWidth; ++column) put(row, column, ' ');
  }
  row_ = column_ = 0;
}

void Writer::write(char c) {
  if (c == '\n') {
    new_line();
    return;
  }
  if (column_ == kWidth) new_line();
  put(row_, column_++, c);
}

void Writer::write(const char* text) {
  while (*text != '\0') write(*text++);
}

void Writer::new_line() {
  column_ = 0;
  if (row_ + 1 < kHeight) {
    ++row_;
    return;
  }
  // Bottom line reached: move everything up one line and blank the last.
  for (size_t i = 0; i < (kHeight - 1) * kWidth; ++i) cells_[i] = cells_[i + kWidth];
  for (size_t column = 0; column < kWidth; ++column) put(kHeight - 1, column, ' ');
}

}  // namespace vga
