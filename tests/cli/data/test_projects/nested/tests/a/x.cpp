// tests/a/x.cpp: the test kernel a/x.
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_test_print("this is a/x\n");
  kbuild_test_pass();
}
