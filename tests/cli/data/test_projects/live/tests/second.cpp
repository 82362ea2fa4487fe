// Two cases, one of them printing.
#include <kbuild/test.h>

KBUILD_TEST(counts) {
  kbuild_test_print("second says hello\n");
  KBUILD_ASSERT_EQ(2 * 3, 6);
}
KBUILD_TEST(adds) { KBUILD_ASSERT_EQ(1 + 1, 2); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
