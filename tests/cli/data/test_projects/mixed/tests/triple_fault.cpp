// Writes through a null pointer with no IDT of its own: the page fault cannot be delivered, and
// the CPU resets (a triple fault), which -no-reboot turns into QEMU exiting with status 0.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

namespace crashing {
[[gnu::noinline]] void write_through_null(volatile int* target) { *target = 42; }
}  // namespace crashing

extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_serial_write("about to fault\n", 15);
  volatile int* null = nullptr;
  __asm__ volatile("" : "+r"(null));  // the compiler must not see that it is null
  crashing::write_through_null(null);
  kbuild_serial_write("still alive\n", 12);
}
