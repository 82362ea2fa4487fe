// Error reporting: one line "kbuild boot: ..." on COM1 and on the firmware's console, then the
// debug-exit port under a hypervisor, then halt. The message builder is firmware-neutral; the
// second output is platform_console_write (platform.h).
#pragma once
#include <stdint.h>

void console_init();  // programs COM1 (115200 8N1) directly, as on a real machine

// Builds the message; fail() prints it with the prefix and never returns.
class Message {
 public:
  Message& str(const char* text);
  Message& hex(uint64_t value);
  Message& dec(uint64_t value);
  [[noreturn]] void fail();
  void print();  // a line on COM1 only, for diagnostics
  const char* text() const { return text_; }

 private:
  char text_[480] = {};
  int length_ = 0;
};

[[noreturn]] void fail(const char* text);
