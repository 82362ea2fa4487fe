// Never reports: stopped at the [test] timeout.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_serial_write("spinning forever\n", 17);
  for (;;) __asm__ volatile("pause");
}
