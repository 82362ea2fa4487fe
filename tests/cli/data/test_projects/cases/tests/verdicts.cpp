// One case of each verdict, in this order: the fault stops the kernel, so the last never runs.
#include <kbuild/boot.h>
#include <kbuild/test.h>

namespace {
[[gnu::noinline]] void empty_the_pool() { kbuild_panic("the pool is empty"); }
}  // namespace

KBUILD_TEST(passes) { KBUILD_ASSERT_EQ(2 + 2, 4); }
KBUILD_TEST(fails) {
  kbuild_test_print("about to compare\n");
  KBUILD_EXPECT_EQ(2 + 2, 5);
}
KBUILD_TEST_SHOULD_PANIC(panics_as_expected) { empty_the_pool(); }
KBUILD_TEST_SHOULD_PANIC(forgets_to_panic) {}
KBUILD_TEST(faults) { *reinterpret_cast<volatile int*>(0x1234567890) = 1; }
KBUILD_TEST(never_reached) { kbuild_test_print("never printed\n"); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
