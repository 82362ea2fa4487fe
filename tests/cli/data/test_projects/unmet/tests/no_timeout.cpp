// Expected to run into its timeout, but panics first.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_panic("gave up early"); }
