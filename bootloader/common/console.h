// Error reporting: one line "kbuild boot: ..." on COM1 and on the firmware's console, then the
// debug-exit port under a hypervisor, then halt. The message builder is firmware-neutral; the
// second output is platform_console_write (platform.h).
#pragma once
#include <stdint.h>

#include "text.h"

void console_init();  // programs COM1 (115200 8N1) directly, as on a real machine

// Builds the message; fail() prints it with the prefix and never returns.
class Message {
 public:
  Message() = default;
  Message(const Message&) = delete;  // text_ points into this object
  Message& operator=(const Message&) = delete;

  Message& str(const char* text) {
    text_.str(text);
    return *this;
  }
  Message& hex(uint64_t value) {
    text_.hex(value);
    return *this;
  }
  Message& dec(uint64_t value) {
    text_.dec(value);
    return *this;
  }
  [[noreturn]] void fail();
  void print();  // a line on COM1 only, for diagnostics
  const char* text() const { return buffer_; }

 private:
  static constexpr int kCapacity = 480;
  char buffer_[kCapacity];
  kbuild_text::Text text_{buffer_, kCapacity};
};

[[noreturn]] void fail(const char* text);
