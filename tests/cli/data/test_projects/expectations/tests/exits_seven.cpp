// Expected to end with QEMU exit status 7: the kernel writes 3 ((3 << 1) | 1 = 7).
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_exit(3); }
