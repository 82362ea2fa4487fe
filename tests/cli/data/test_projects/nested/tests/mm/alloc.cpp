// Uses a function from testlib/, which only its [test."mm/alloc"] sources link in.
#include <kbuild/test.h>

int helper_answer();

KBUILD_TEST(uses_helper) { KBUILD_ASSERT_EQ(helper_answer(), 42); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
