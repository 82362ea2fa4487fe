// Expected to fault, but passes.
#include <kbuild/boot.h>
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_test_pass(); }
