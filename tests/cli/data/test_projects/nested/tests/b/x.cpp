// tests/b/x.cpp: the test kernel b/x, which writes on the screen.
#include <kbuild/console.h>
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info* info) {
  kbuild_console_init(info);
  kbuild_console_print("this is b/x\n");
  kbuild_test_pass();
}
