// Error reporting: one line "kbuild boot: ..." on COM1 and on the screen, then halt.
#pragma once
#include <stdint.h>

void console_init();           // programs COM1 (115200 8N1)
void console_graphics_mode();  // a framebuffer is set: the BIOS teletype is gone

// Builds the message; fail() prints it with the prefix and never returns.
class Message {
 public:
  Message& str(const char* text);
  Message& hex(uint64_t value);
  Message& dec(uint64_t value);
  [[noreturn]] void fail();
  void print();  // a line on COM1 only, for diagnostics

 private:
  char text_[240];
  int length_ = 0;
};

[[noreturn]] void fail(const char* text);
