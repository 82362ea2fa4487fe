// Several cases in one kernel, using the kernel's own code; all pass.
#include <kbuild/boot.h>
#include <kbuild/test.h>

#include "../src/math.h"

KBUILD_TEST(adds_small_numbers) { KBUILD_ASSERT_EQ(mixed::add(2, 3), 5); }
KBUILD_TEST(adds_negative_numbers) {
  KBUILD_EXPECT_EQ(mixed::add(-2, -3), -5);
  KBUILD_ASSERT(mixed::add(-1, 1) == 0);
}

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
