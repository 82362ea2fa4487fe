// The kernel itself only greets; the checks are in tests/console.cpp.
#include <kbuild/console.h>

extern "C" void kernel_main(const kbuild_boot_info* info) {
  kbuild_console_init(info);
  kbuild_console_print("console test kernel\n");
}
