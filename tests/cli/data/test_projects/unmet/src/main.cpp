// The kernel's own entry: left out of every test kernel.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_exit(0x10); }
