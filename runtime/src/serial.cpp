// kbuild_serial_write: the serial port, one character at a time through the architecture's UART
// driver (arch.h's kbuild_arch_serial_*, in runtime/src/arch/<arch>/serial.cpp), each "\n" sent
// as "\r\n" for terminals.
#include <kbuild/runtime.h>

#include "arch.h"

namespace {
size_t g_written = 0;  // bytes asked for, so test output can tell whether a case printed
}  // namespace

extern "C" void kbuild_serial_write(const char* text, size_t length) {
  g_written += length;
  if (!kbuild_arch_serial_ready()) return;
  for (size_t i = 0; i < length; ++i) {
    if (text[i] == '\n') kbuild_arch_serial_put('\r');
    kbuild_arch_serial_put(text[i]);
  }
}

extern "C" size_t kbuild_serial_bytes_written(void) { return g_written; }
