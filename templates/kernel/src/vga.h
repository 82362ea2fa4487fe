// A writer for the 80x25 VGA text screen: characters with colours, newlines and scrolling.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vga {

enum class Color : uint8_t {
  Black, Blue, Green, Cyan, Red, Magenta, Brown, LightGray,
  DarkGray, LightBlue, LightGreen, LightCyan, LightRed, Pink, Yellow, White,
};

class Writer {
 public:
  static constexpr size_t kWidth = 80;
  static constexpr size_t kHeight = 25;

  // `buffer` is the virtual address at which the text buffer (physical 0xb8000) is mapped.
  explicit Writer(uintptr_t buffer);

  void set_color(Color foreground, Color background);
  void clear();
  void write(char c);
  void write(const char* text);

 private:
  void new_line();
  void put(size_t row, size_t column, char c);

  volatile uint16_t* cells_;  // volatile: the screen, not ordinary memory
  size_t row_ = 0;
  size_t column_ = 0;
  uint8_t attribute_ = 0x07;  // light gray on black
};

}  // namespace vga
