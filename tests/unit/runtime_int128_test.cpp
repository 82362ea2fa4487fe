// The kernel runtime's 128-bit division and overflow-checked multiply (runtime/src/int128.*),
// compiled for the host under renamed symbols and compared with the host compiler's runtime.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#define KBUILD_RT_NAME(name) kbt##name
#include "../../runtime/src/int128.cpp"

namespace {

using u128 = unsigned __int128;
using i128 = __int128;

std::string show(u128 v) {
  char buf[40];
  snprintf(buf, sizeof buf, "0x%016llx%016llx", (unsigned long long)(v >> 64),
           (unsigned long long)v);
  return buf;
}

// A predicate (not ASSERT_EQ) so gtest does not need to print 128-bit values.
bool eq(u128 a, u128 b) { return a == b; }

// -x, wrapping: -i128 on the most negative value overflows, which is undefined; the edges want
// that value to stay itself.
i128 negate(i128 x) { return i128(u128(0) - u128(x)); }

// Values of every magnitude, with the patterns that make division estimates go wrong: all ones,
// single bits, values just around powers of two and around 2^64.
std::vector<u128> edges() {
  std::vector<u128> v = {0, 1, 2, 3, ~u128(0), ~u128(0) - 1, u128(1) << 127};
  for (int bit = 0; bit < 128; bit += 1) {
    u128 p = u128(1) << bit;
    v.push_back(p);
    v.push_back(p - 1);
    v.push_back(p + 1);
    v.push_back(p | (p >> 1));
  }
  return v;
}

u128 random_u128(std::mt19937_64& rng) {
  u128 u = (u128(rng()) << 64) | rng();
  int width = int(rng() % 128) + 1;
  if (width < 128) u &= (u128(1) << width) - 1;
  return u;
}

void check_unsigned(u128 a, u128 b) {
  if (b == 0) return;
  u128 rem = 0;
  ASSERT_PRED2(eq, a / b, kbt__udivmodti4(a, b, &rem)) << show(a) << " / " << show(b);
  ASSERT_PRED2(eq, a % b, rem) << show(a) << " % " << show(b);
  ASSERT_PRED2(eq, a / b, kbt__udivti3(a, b));
  ASSERT_PRED2(eq, a % b, kbt__umodti3(a, b));
}

void check_signed(i128 a, i128 b) {
  if (b == 0 || (a == i128(u128(1) << 127) && b == -1)) return;  // undefined in C
  ASSERT_PRED2(eq, u128(a / b), u128(kbt__divti3(a, b))) << show(u128(a)) << " / " << show(u128(b));
  ASSERT_PRED2(eq, u128(a % b), u128(kbt__modti3(a, b)));
  i128 rem = 0;
  ASSERT_PRED2(eq, u128(a / b), u128(kbt__divmodti4(a, b, &rem)));
  ASSERT_PRED2(eq, u128(a % b), u128(rem));
}

TEST(RuntimeInt128, DivisionEdges) {
  auto v = edges();
  for (u128 a : v) {
    for (u128 b : v) {
      check_unsigned(a, b);
      check_signed(i128(a), i128(b));
      check_signed(negate(i128(a)), i128(b));
    }
  }
}

TEST(RuntimeInt128, DivisionRandom) {
  std::mt19937_64 rng(128);
  for (int i = 0; i < 2'000'000; ++i) {
    u128 a = random_u128(rng), b = random_u128(rng);
    if (i % 4 == 0) b = (b & ~u128(0xffff)) | (a & 0xffff);  // close neighbours
    if (i % 7 == 0) b >>= 64;                                 // 64-bit divisor path
    check_unsigned(a, b);
    check_signed(i128(a), i128(b));
  }
}

TEST(RuntimeInt128, MulOverflow) {
  std::mt19937_64 rng(129);
  auto check = [](i128 a, i128 b) {
    i128 expected;
    bool overflow = __builtin_mul_overflow(a, b, &expected);
    int got_overflow = -1;
    i128 got = kbt__muloti4(a, b, &got_overflow);
    ASSERT_EQ(int(overflow), got_overflow) << show(u128(a)) << " * " << show(u128(b));
    ASSERT_PRED2(eq, u128(expected), u128(got));
  };
  auto v = edges();
  for (u128 a : v) {
    for (u128 b : v) {
      check(i128(a), i128(b));
      check(negate(i128(a)), i128(b));
    }
  }
  for (int i = 0; i < 1'000'000; ++i) {
    i128 a = i128(random_u128(rng)), b = i128(random_u128(rng));
    check(rng() & 1 ? negate(a) : a, b);
  }
}

}  // namespace
