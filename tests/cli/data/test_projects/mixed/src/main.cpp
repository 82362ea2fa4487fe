// The kernel's own entry: left out of every test kernel (each brings its own kernel_main).
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

#include "math.h"

extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_serial_write("mixed kernel\n", 13);
  kbuild_exit(static_cast<unsigned>(mixed::add(1, 1)));
}
