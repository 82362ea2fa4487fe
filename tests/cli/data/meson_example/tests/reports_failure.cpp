#include <kbuild/boot.h>
#include <kbuild/test.h>

KBUILD_TEST(one_is_two) { KBUILD_ASSERT_EQ(1, 2); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
