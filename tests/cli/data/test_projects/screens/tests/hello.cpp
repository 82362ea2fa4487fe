// Writes two lines on the screen: one before its case runs, one inside it.
#include <kbuild/console.h>
#include <kbuild/test.h>

KBUILD_TEST(prints) { kbuild_console_print("from the case\n"); }

extern "C" void kernel_main(const kbuild_boot_info* info) {
  kbuild_console_init(info);
  kbuild_console_print("hello, screen\n");
  kbuild::run_tests();
}
