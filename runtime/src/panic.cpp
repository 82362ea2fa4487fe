// kbuild_panic: the runtime's way out when nothing else can be done.
#include <kbuild/runtime.h>

namespace {
size_t length_of(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}
}  // namespace

extern "C" [[noreturn]] void kbuild_panic(const char* message) {
  __asm__ volatile("cli");  // nothing may interleave with the message
  if (message == nullptr) message = "(no message)";
  kbuild_serial_write("panic: ", 7);
  kbuild_serial_write(message, length_of(message));
  kbuild_serial_write("\n", 1);
  kbuild_halt();
}
