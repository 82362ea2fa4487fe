// The kernel runtime's soft-float (runtime/src/soft_float.*), compiled for the host under renamed
// symbols and compared bit for bit with the host's SSE hardware on edge cases and millions of
// random operands. Any NaN matches any NaN (x86's default NaN has the sign bit set; ours does not).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#define KBUILD_RT_NAME(name) kbt##name
#include "../../runtime/src/soft_float.cpp"

namespace {

template <class T> struct BitsOf;
template <> struct BitsOf<float> { using Type = uint32_t; };
template <> struct BitsOf<double> { using Type = uint64_t; };

template <class T>
typename BitsOf<T>::Type to_bits(T x) {
  typename BitsOf<T>::Type b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
template <class T>
T from_bits(typename BitsOf<T>::Type b) {
  T x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// Hardware operations behind an opaque call, so nothing is folded or contracted.
template <class T> [[gnu::noinline]] T hw_add(T a, T b) { return a + b; }
template <class T> [[gnu::noinline]] T hw_sub(T a, T b) { return a - b; }
template <class T> [[gnu::noinline]] T hw_mul(T a, T b) { return a * b; }
template <class T> [[gnu::noinline]] T hw_div(T a, T b) { return a / b; }

template <class T>
::testing::AssertionResult same(T expected, T actual) {
  if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
  if (to_bits(expected) == to_bits(actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << std::hexfloat << "expected " << expected << " (0x"
                                       << std::hex << uint64_t(to_bits(expected)) << "), got "
                                       << std::hexfloat << actual << " (0x" << std::hex
                                       << uint64_t(to_bits(actual)) << ")";
}

// Operands that stress every path: specials, subnormals, boundaries, and random values with
// exponents near each other (cancellation, all rounding cases) or near the format's ends.
template <class T>
class Operands {
 public:
  using B = typename BitsOf<T>::Type;
  static constexpr int kMant = std::numeric_limits<T>::digits - 1;
  static constexpr B kMantMask = (B(1) << kMant) - 1;
  static constexpr int kMaxExp = sizeof(T) == 4 ? 255 : 2047;

  explicit Operands(uint64_t seed) : rng_(seed) {}

  static std::vector<T> specials() {
    using L = std::numeric_limits<T>;
    std::vector<T> v = {T(0), -T(0), T(1), -T(1), T(2), T(0.5), T(3), T(0.1), T(-1.5),
                        L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(),
                        L::signaling_NaN(), L::min(), -L::min(), L::max(), -L::max(),
                        L::denorm_min(), -L::denorm_min(), L::epsilon(), T(1) + L::epsilon(),
                        T(1) - L::epsilon() / 2, from_bits<T>(kMantMask),  // largest subnormal
                        from_bits<T>(kMantMask + 1),                     // smallest normal
                        L::max() / 2, L::min() * 2};
    return v;
  }

  B random_with_exp(int exp) {
    B sign = B(rng_() & 1) << (sizeof(B) * 8 - 1);
    return sign | (B(exp) << kMant) | (B(rng_()) & kMantMask);
  }

  T any() {
    switch (rng_() % 8) {
      case 0: return from_bits<T>(B(rng_()));  // anything, NaNs included
      case 1: return from_bits<T>(random_with_exp(0));  // subnormal
      case 2: return from_bits<T>(random_with_exp(1 + int(rng_() % 3)));
      case 3: return from_bits<T>(random_with_exp(kMaxExp - 1 - int(rng_() % 3)));
      case 4: {  // short mantissas give exact ties
        B b = random_with_exp(int(rng_() % kMaxExp));
        return from_bits<T>(b & ~((B(1) << (kMant - int(rng_() % 6))) - 1));
      }
      default: return from_bits<T>(random_with_exp(int(rng_() % kMaxExp)));
    }
  }

  // A partner for a: exponent within a few steps, so the result rounds or cancels interestingly.
  T near(T a) {
    B ab = to_bits(a);
    int exp = int((ab >> kMant) & B(kMaxExp));
    int delta = int(rng_() % 60) - 30;
    if (rng_() % 4 == 0) delta = int(rng_() % 5) - 2;
    exp = std::clamp(exp + delta, 0, kMaxExp - 1);
    B b = random_with_exp(exp);
    if (rng_() % 4 == 0) b = (b & ~kMantMask) | (ab & kMantMask);  // equal mantissas
    if (rng_() % 8 == 0) b ^= B(1);
    return from_bits<T>(b);
  }

  uint64_t next() { return rng_(); }

 private:
  std::mt19937_64 rng_;
};

using F = float(float, float);
using D = double(double, double);

template <class T, class Soft, class Hard>
void check_binary(const char* name, Soft soft, Hard hard, int count) {
  Operands<T> ops(0x5eed0000 + uint64_t(count));
  auto specials = Operands<T>::specials();
  for (T a : specials) {
    for (T b : specials) ASSERT_TRUE(same(hard(a, b), soft(a, b))) << name << "(" << a << ", " << b << ")";
  }
  for (int i = 0; i < count; ++i) {
    T a = ops.any();
    T b = (i % 2) ? ops.near(a) : ops.any();
    if (i % 3 == 0) std::swap(a, b);
    ASSERT_TRUE(same(hard(a, b), soft(a, b)))
        << std::hexfloat << name << "(" << a << ", " << b << ")";
  }
}

constexpr int kRandom = 1'000'000;

TEST(SoftFloat, AddSubFloat) {
  check_binary<float>("add", kbt__addsf3, hw_add<float>, kRandom);
  check_binary<float>("sub", kbt__subsf3, hw_sub<float>, kRandom);
}
TEST(SoftFloat, AddSubDouble) {
  check_binary<double>("add", kbt__adddf3, hw_add<double>, kRandom);
  check_binary<double>("sub", kbt__subdf3, hw_sub<double>, kRandom);
}
TEST(SoftFloat, MulFloat) { check_binary<float>("mul", kbt__mulsf3, hw_mul<float>, kRandom); }
TEST(SoftFloat, MulDouble) { check_binary<double>("mul", kbt__muldf3, hw_mul<double>, kRandom); }
TEST(SoftFloat, DivFloat) { check_binary<float>("div", kbt__divsf3, hw_div<float>, kRandom); }
TEST(SoftFloat, DivDouble) { check_binary<double>("div", kbt__divdf3, hw_div<double>, kRandom); }

// Results that cross into the subnormal range and overflow, where rounding is the hardest.
TEST(SoftFloat, UnderflowAndOverflow) {
  Operands<double> ops(7);
  for (int i = 0; i < 200000; ++i) {
    double tiny = from_bits<double>(ops.random_with_exp(1 + int(ops.next() % 60)));
    double half = from_bits<double>(ops.random_with_exp(1023 - 1 - int(ops.next() % 40)));
    ASSERT_TRUE(same(tiny * half, kbt__muldf3(tiny, half))) << std::hexfloat << tiny << " * " << half;
    ASSERT_TRUE(same(tiny / (1 / half), kbt__divdf3(tiny, 1 / half)));
    double huge = from_bits<double>(ops.random_with_exp(2046 - int(ops.next() % 4)));
    ASSERT_TRUE(same(huge * 2.0000001, kbt__muldf3(huge, 2.0000001)));
    ASSERT_TRUE(same(huge + huge, kbt__adddf3(huge, huge)));
  }
  Operands<float> fops(8);
  for (int i = 0; i < 200000; ++i) {
    float tiny = from_bits<float>(fops.random_with_exp(1 + int(fops.next() % 30)));
    float half = from_bits<float>(fops.random_with_exp(126 - int(fops.next() % 20)));
    ASSERT_TRUE(same(hw_mul(tiny, half), kbt__mulsf3(tiny, half)));
    ASSERT_TRUE(same(hw_div(tiny, 1 / half), kbt__divsf3(tiny, 1 / half)));
  }
}

TEST(SoftFloat, DirectedRounding) {
  // Ties go to even, in both directions; signed zeros follow IEEE.
  EXPECT_EQ(to_bits(kbt__addsf3(1.0f, 0x1p-24f)), to_bits(1.0f));
  EXPECT_EQ(to_bits(kbt__addsf3(1.0f + 0x1p-23f, 0x1p-24f)), to_bits(1.0f + 0x1p-22f));
  EXPECT_EQ(to_bits(kbt__adddf3(1.0, 0x1p-53)), to_bits(1.0));
  EXPECT_EQ(to_bits(kbt__adddf3(1.0 + 0x1p-52, 0x1p-53)), to_bits(1.0 + 0x1p-51));
  EXPECT_EQ(to_bits(kbt__subdf3(1.0, 1.0)), to_bits(0.0));
  EXPECT_EQ(to_bits(kbt__adddf3(-0.0, -0.0)), to_bits(-0.0));
  EXPECT_EQ(to_bits(kbt__muldf3(-0.0, 5.0)), to_bits(-0.0));
  EXPECT_EQ(to_bits(kbt__muldf3(0x1p-1074, 0.5)), to_bits(0.0));        // tie to even: 0
  EXPECT_EQ(to_bits(kbt__muldf3(0x3p-1074, 0.5)), to_bits(0x1p-1073));  // tie to even: 2
  EXPECT_EQ(to_bits(kbt__mulsf3(0x1p127f, 2.0f)), to_bits(std::numeric_limits<float>::infinity()));
  EXPECT_TRUE(std::isnan(kbt__subdf3(HUGE_VAL, HUGE_VAL)));
  EXPECT_TRUE(std::isnan(kbt__muldf3(HUGE_VAL, 0.0)));
  EXPECT_TRUE(std::isnan(kbt__divsf3(0.0f, 0.0f)));
  EXPECT_EQ(to_bits(kbt__divdf3(-1.0, 0.0)), to_bits(-std::numeric_limits<double>::infinity()));
  // A NaN result is quiet.
  float snan = std::numeric_limits<float>::signaling_NaN();
  EXPECT_NE(to_bits(kbt__addsf3(snan, 1.0f)) & 0x00400000u, 0u);
  EXPECT_EQ(to_bits(kbt__negsf2(0.0f)), to_bits(-0.0f));
  EXPECT_EQ(to_bits(kbt__negdf2(-2.0)), to_bits(2.0));
}

// The comparison helpers' results, as clang uses them: __lt(a,b) < 0, __le <= 0, __gt > 0,
// __ge >= 0, __eq == 0, __ne != 0, __unord != 0.
template <class T, class Ops>
void check_compare(Ops ops, int (*lt)(T, T), int (*le)(T, T), int (*gt)(T, T), int (*ge)(T, T),
                   int (*eq)(T, T), int (*ne)(T, T), int (*unord)(T, T)) {
  auto specials = Operands<T>::specials();
  auto check = [&](T a, T b) {
    ASSERT_EQ(a < b, lt(a, b) < 0) << a << " < " << b;
    ASSERT_EQ(a <= b, le(a, b) <= 0) << a << " <= " << b;
    ASSERT_EQ(a > b, gt(a, b) > 0) << a << " > " << b;
    ASSERT_EQ(a >= b, ge(a, b) >= 0) << a << " >= " << b;
    ASSERT_EQ(a == b, eq(a, b) == 0) << a << " == " << b;
    ASSERT_EQ(a != b, ne(a, b) != 0) << a << " != " << b;
    ASSERT_EQ(std::isnan(a) || std::isnan(b), unord(a, b) != 0) << "unordered " << a << ", " << b;
  };
  for (T a : specials)
    for (T b : specials) check(a, b);
  for (int i = 0; i < 300000; ++i) {
    T a = ops.any();
    check(a, ops.near(a));
    check(a, a);
  }
}

TEST(SoftFloat, Comparisons) {
  check_compare<float>(Operands<float>(11), kbt__ltsf2, kbt__lesf2, kbt__gtsf2, kbt__gesf2,
                       kbt__eqsf2, kbt__nesf2, kbt__unordsf2);
  check_compare<double>(Operands<double>(12), kbt__ltdf2, kbt__ledf2, kbt__gtdf2, kbt__gedf2,
                        kbt__eqdf2, kbt__nedf2, kbt__unorddf2);
}

TEST(SoftFloat, FloatDoubleConversions) {
  for (float f : Operands<float>::specials()) ASSERT_TRUE(same(double(f), kbt__extendsfdf2(f)));
  for (double d : Operands<double>::specials()) ASSERT_TRUE(same(float(d), kbt__truncdfsf2(d)));
  Operands<float> fops(21);
  for (int i = 0; i < kRandom; ++i) {
    float f = fops.any();
    ASSERT_TRUE(same(double(f), kbt__extendsfdf2(f))) << std::hexfloat << f;
  }
  Operands<double> dops(22);
  for (int i = 0; i < kRandom; ++i) {
    double d = dops.any();
    // Half of them in float's range, subnormals and overflow boundary included.
    if (i % 2) d = from_bits<double>(dops.random_with_exp(1023 - 155 + int(dops.next() % 290)));
    ASSERT_TRUE(same(float(d), kbt__truncdfsf2(d))) << std::hexfloat << d;
  }
  // NaN payloads move with the value.
  EXPECT_EQ(to_bits(kbt__extendsfdf2(from_bits<float>(0x7fc12345))), 0x7ff82468a0000000ull);
}

// std::numeric_limits and make_unsigned know nothing of __int128 in strict C++20 mode.
template <class I> struct Unsigned { using Type = std::make_unsigned_t<I>; };
template <> struct Unsigned<__int128> { using Type = unsigned __int128; };
template <> struct Unsigned<unsigned __int128> { using Type = unsigned __int128; };

template <class I>
struct IntLimits {
  using U = typename Unsigned<I>::Type;
  static constexpr bool is_signed = I(-1) < I(0);
  static constexpr int digits = int(sizeof(I) * 8) - (is_signed ? 1 : 0);
  static constexpr I max() { return I(U(~U(0)) >> (is_signed ? 1 : 0)); }
  static constexpr I min() { return is_signed ? I(-max() - 1) : I(0); }
};

template <class I>
std::vector<I> integer_edges() {
  using L = IntLimits<I>;
  std::vector<I> v = {I(0), I(1), L::max(), L::min(), I(L::max() - 1), I(L::min() + 1)};
  for (int bit = 0; bit < L::digits; ++bit) {
    I p = I(I(1) << bit);
    for (I d : {I(0), I(1), I(2), I(3)}) {
      v.push_back(I(p + d));
      v.push_back(I(p - d));
      if (L::is_signed) v.push_back(I(I(0) - I(p + d)));
    }
  }
  return v;
}

template <class I>
I random_int(std::mt19937_64& rng) {
  using U = typename Unsigned<I>::Type;
  U u = U(rng());
  if constexpr (sizeof(I) > 8) u = (u << 32 << 32) | U(rng());
  int width = int(rng() % (sizeof(I) * 8)) + 1;  // every magnitude equally likely
  if (width < int(sizeof(I) * 8)) u &= (U(1) << width) - 1;
  if (IntLimits<I>::is_signed && (rng() & 1)) u = U(0) - u;
  return I(u);
}

template <class I>
void check_from_int(float (*to_f)(I), double (*to_d)(I)) {
  std::mt19937_64 rng(31 + sizeof(I));
  auto check = [&](I x) {
    ASSERT_TRUE(same(static_cast<float>(x), to_f(x)));
    ASSERT_TRUE(same(static_cast<double>(x), to_d(x)));
  };
  for (I x : integer_edges<I>()) check(x);
  for (int i = 0; i < 500000; ++i) check(random_int<I>(rng));
}

TEST(SoftFloat, IntToFloat) {
  check_from_int<int>(kbt__floatsisf, kbt__floatsidf);
  check_from_int<unsigned>(kbt__floatunsisf, kbt__floatunsidf);
  check_from_int<long>(kbt__floatdisf, kbt__floatdidf);
  check_from_int<unsigned long>(kbt__floatundisf, kbt__floatundidf);
  check_from_int<__int128>(kbt__floattisf, kbt__floattidf);
  check_from_int<unsigned __int128>(kbt__floatuntisf, kbt__floatuntidf);
}

// Only values whose truncation fits: the conversion is undefined otherwise.
template <class I, class T>
void check_to_int(I (*soft)(T)) {
  using L = IntLimits<I>;
  Operands<T> ops(41 + sizeof(I) + sizeof(T));
  auto fits = [](T t) {
    if (std::isnan(t)) return false;
    T low = L::is_signed ? -std::ldexp(T(1), L::digits) : T(0);
    return t > low - 1 && t < std::ldexp(T(1), L::digits) && (L::is_signed || t > T(-1));
  };
  auto check = [&](T t) {
    if (!fits(t)) return;
    ASSERT_EQ(static_cast<I>(t), soft(t)) << std::hexfloat << t;
  };
  for (T t : Operands<T>::specials()) check(t);
  for (I x : integer_edges<I>()) {
    T t = static_cast<T>(x);
    check(t);
    check(from_bits<T>(to_bits(t) - 1));
    check(from_bits<T>(to_bits(t) + 1));
  }
  for (int i = 0; i < 500000; ++i) {
    int e = int(ops.next() % (L::digits + 2));  // unbiased exponent in [0, digits + 1]
    T t = from_bits<T>(ops.random_with_exp(e + (sizeof(T) == 4 ? 127 : 1023)));
    if (i % 4 == 0) t = ops.any();
    check(t);
  }
  // Saturation, our documented choice for out-of-range values.
  EXPECT_EQ(soft(std::numeric_limits<T>::infinity()), L::max());
  EXPECT_EQ(soft(-std::numeric_limits<T>::infinity()), L::min());
  EXPECT_EQ(soft(std::numeric_limits<T>::quiet_NaN()), I(0));
}

TEST(SoftFloat, FloatToInt) {
  check_to_int<int, float>(kbt__fixsfsi);
  check_to_int<unsigned, float>(kbt__fixunssfsi);
  check_to_int<long, float>(kbt__fixsfdi);
  check_to_int<unsigned long, float>(kbt__fixunssfdi);
  check_to_int<__int128, float>(kbt__fixsfti);
  check_to_int<unsigned __int128, float>(kbt__fixunssfti);
  check_to_int<int, double>(kbt__fixdfsi);
  check_to_int<unsigned, double>(kbt__fixunsdfsi);
  check_to_int<long, double>(kbt__fixdfdi);
  check_to_int<unsigned long, double>(kbt__fixunsdfdi);
  check_to_int<__int128, double>(kbt__fixdfti);
  check_to_int<unsigned __int128, double>(kbt__fixunsdfti);
}

TEST(SoftFloat, Powi) {
  EXPECT_EQ(kbt__powidf2(2.0, 10), 1024.0);
  EXPECT_EQ(kbt__powidf2(2.0, -2), 0.25);
  EXPECT_EQ(kbt__powisf2(3.0f, 0), 1.0f);
  EXPECT_EQ(kbt__powisf2(-1.5f, 3), -3.375f);
}

}  // namespace
