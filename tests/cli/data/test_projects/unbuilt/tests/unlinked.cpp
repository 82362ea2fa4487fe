// Compiles, but does not link: nothing defines the function.
#include <kbuild/test.h>

void defined_nowhere();

extern "C" void kernel_main(const kbuild_boot_info*) {
  defined_nowhere();
  kbuild_test_pass();
}
