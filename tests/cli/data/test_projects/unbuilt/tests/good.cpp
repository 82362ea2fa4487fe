// Builds and passes.
#include <kbuild/test.h>

KBUILD_TEST(adds) { KBUILD_ASSERT_EQ(1 + 1, 2); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
