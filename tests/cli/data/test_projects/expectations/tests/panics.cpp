// Expected to panic, and does.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_panic("out of frames"); }
