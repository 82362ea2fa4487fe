// Cases that say they ran, so a test can see which ones the selection let run.
#include <kbuild/boot.h>
#include <kbuild/test.h>

KBUILD_TEST(first) { kbuild_test_print("ran first\n"); }
KBUILD_TEST(second) { kbuild_test_print("ran second\n"); }
KBUILD_TEST(second_again) { kbuild_test_print("ran second_again\n"); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
