// Does not compile: the name is not declared anywhere.
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_test_pass(not_declared_anywhere); }
