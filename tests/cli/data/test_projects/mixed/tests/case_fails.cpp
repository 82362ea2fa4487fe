// One case passes, one fails an assertion: the kernel reports failure (0x11, QEMU status 35).
#include <kbuild/boot.h>
#include <kbuild/test.h>

#include "../src/math.h"

KBUILD_TEST(adds_correctly) { KBUILD_ASSERT_EQ(mixed::add(1, 2), 3); }
KBUILD_TEST(expects_the_impossible) { KBUILD_ASSERT_EQ(mixed::add(2, 2), 5); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
