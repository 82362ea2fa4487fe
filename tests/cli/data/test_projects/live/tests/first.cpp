// Prints two lines (the second without its line end) and passes, without cases.
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_test_print("first says one\r\nfirst says two");
  kbuild_test_pass();
}
