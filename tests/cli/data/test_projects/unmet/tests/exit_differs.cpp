// Expected to end with QEMU exit status 7, but ends with 5 ((2 << 1) | 1).
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_exit(2); }
