// kbuild_panic: the runtime's way out when nothing else can be done.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

#include <stdint.h>

#include "arch.h"

extern "C" const kbuild_boot_info* kbuild_entry_boot_info;  // start.cpp

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
// The return addresses of the callers' frames, found through the frame pointers (clang keeps
// them for kbuild's target unless -fomit-frame-pointer is given): "backtrace: 0x... 0x...",
// which kbuild names with file and line. Only frames inside the entry stack the loader gave are
// read, so code without frame pointers, or a kernel on a stack of its own, gets a short or empty
// list, never a fault.
void write_backtrace(uintptr_t frame) {
  kbuild_serial_write("backtrace:", 10);
  const kbuild_boot_info* info = kbuild_entry_boot_info;
  uintptr_t top = info ? info->stack_top : 0, bottom = info ? info->stack_top - info->stack_size : 0;
  for (int depth = 0; depth < 32; ++depth) {
    uintptr_t record = kbuild_arch_frame_record(frame);
    if (record % 8 != 0 || record < bottom || top == 0 || record + 16 > top || record + 16 < record) break;
    auto* words = reinterpret_cast<const uintptr_t*>(record);
    uintptr_t next = words[0], ret = words[1];
    if (ret == 0) break;
    kbuild_serial_write(" ", 1);
    write_address(ret);
    if (next <= frame) break;  // frames grow toward the top of the stack
    frame = next;
  }
  kbuild_serial_write("\n", 1);
}
}  // namespace

extern "C" void (*kbuild_panic_hook)(const char* message) = nullptr;

// Weak: a kernel that defines kbuild_panic itself gets its own (see runtime.h).
extern "C" [[noreturn, gnu::weak]] void kbuild_panic(const char* message) {
  kbuild_arch_interrupts_off_save();  // nothing may interleave with the message
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
  write_backtrace(reinterpret_cast<uintptr_t>(__builtin_frame_address(0)));
  kbuild_halt();
}
