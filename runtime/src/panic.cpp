// kbuild_panic: the runtime's way out when nothing else can be done.
#include <kbuild/runtime.h>

#include <stdint.h>

namespace {
size_t length_of(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// "0x" and 16 hex digits.
void write_address(uintptr_t value) {
  static const char kHex[] = "0123456789abcdef";
  char text[18] = {'0', 'x'};
  for (int i = 0; i < 16; ++i) text[2 + i] = kHex[(value >> (60 - 4 * i)) & 0xf];
  kbuild_serial_write(text, sizeof text);
}
}  // namespace

extern "C" void (*kbuild_panic_hook)(const char* message) = nullptr;

// Weak: a kernel that defines kbuild_panic itself gets its own (see runtime.h).
extern "C" [[noreturn, gnu::weak]] void kbuild_panic(const char* message) {
  __asm__ volatile("cli");  // nothing may interleave with the message
  // Where the panic was called from, so the report can name the function (kbuild test does,
  // with the kernel's symbols; by hand: llvm-addr2line -fCe build/dev/NAME.elf ADDRESS).
  auto caller = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
  if (message == nullptr) message = "(no message)";
  if (kbuild_panic_hook != nullptr) kbuild_panic_hook(message);  // an expected panic: no report
  kbuild_serial_write("panic: ", 7);
  kbuild_serial_write(message, length_of(message));
  kbuild_serial_write(" (called from ", 14);
  write_address(caller);
  kbuild_serial_write(")\n", 2);
  kbuild_halt();
}
