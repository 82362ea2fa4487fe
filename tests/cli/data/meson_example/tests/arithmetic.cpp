#include <kbuild/boot.h>
#include <kbuild/test.h>

#include <cstdint>

// kbuild's Meson cross file compiles C++ at C++20, as kbuild does.
static_assert(__cplusplus >= 202002L, "kbuild-x86_64.ini must select C++20");

namespace {
volatile uint64_t g_a = 1'000'000'007, g_b = 998'244'353;
}

KBUILD_TEST(multiplies_into_128_bits) {
  unsigned __int128 product = static_cast<unsigned __int128>(g_a) * g_b;
  KBUILD_ASSERT_EQ(static_cast<uint64_t>(product / g_b), static_cast<uint64_t>(g_a));
}

KBUILD_TEST(divides_doubles) { KBUILD_ASSERT(static_cast<double>(g_a) / 2.0 == 500000003.5); }

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
