// IEEE 754 binary32/binary64 arithmetic on integers, one generic implementation for both widths.
//
// Kernels are compiled with -mgeneral-regs-only, so clang lowers every float/double operation to a
// call such as __addsf3; soft_float.cpp exports those symbols on top of these templates. Nothing
// here may use a floating-point type: the compiler would turn it back into a call to ourselves.
// Values travel as their bit patterns (uint32_t / uint64_t). Rounding is to nearest, ties to even;
// subnormals, signed zeros, infinities and NaN follow IEEE 754. A NaN result is quiet and keeps the
// payload of a NaN operand (the first one), or is the default NaN 0x7fc00000 / 0x7ff8000000000000.
//
// Header-only and free of kernel dependencies so host tests can check it against real hardware.
#ifndef KBUILD_RUNTIME_SOFT_FLOAT_H
#define KBUILD_RUNTIME_SOFT_FLOAT_H

#include <stdint.h>

namespace kbuild::soft {

using u128 = unsigned __int128;
using i128 = __int128;

// The unsigned working type for an integer of type I: 64 bits, or 128 for __int128.
template <class I> struct WideOf { using Type = uint64_t; };
template <> struct WideOf<i128> { using Type = u128; };
template <> struct WideOf<u128> { using Type = u128; };

// Layout of one format. Wide holds the exact product of two significands.
template <class B, class W, int MantBits, int ExpBits>
struct Format {
  using Bits = B;
  using Wide = W;
  static constexpr int kWidth = int(sizeof(B) * 8);
  static constexpr int kMant = MantBits;
  static constexpr int kMaxExp = (1 << ExpBits) - 1;  // exponent field of inf/NaN
  static constexpr int kBias = (1 << (ExpBits - 1)) - 1;
  // Working significands carry kExtra bits below the last mantissa bit (guard, round, sticky and
  // some spare), so the implicit bit sits at kMant + kExtra.
  static constexpr int kExtra = 3;
  static constexpr B kSign = B(1) << (kWidth - 1);
  static constexpr B kImplicit = B(1) << kMant;
  static constexpr B kMantMask = kImplicit - 1;
  static constexpr B kInf = B(kMaxExp) << kMant;
  static constexpr B kQuiet = B(1) << (kMant - 1);
  static constexpr B kDefaultNaN = kInf | kQuiet;
};
using F32 = Format<uint32_t, uint64_t, 23, 8>;
using F64 = Format<uint64_t, u128, 52, 11>;

template <class T>
constexpr int clz(T x) {  // x != 0
  if constexpr (sizeof(T) <= 4) return __builtin_clz(uint32_t(x)) - int(32 - sizeof(T) * 8);
  else if constexpr (sizeof(T) == 8) return __builtin_clzll(x);
  else {
    uint64_t hi = uint64_t(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll(uint64_t(x));
  }
}

// x >> n, with every bit shifted out ORed into bit 0 so rounding still sees it.
template <class T>
constexpr T shift_right_sticky(T x, int n) {
  if (n <= 0) return x;
  if (n >= int(sizeof(T) * 8)) return x != 0;
  return (x >> n) | ((x & ((T(1) << n) - 1)) != 0);
}

template <class F> constexpr bool is_nan(typename F::Bits a) {
  return (a & ~F::kSign) > F::kInf;
}
template <class F> constexpr bool is_inf(typename F::Bits a) { return (a & ~F::kSign) == F::kInf; }
template <class F> constexpr bool is_zero(typename F::Bits a) { return (a & ~F::kSign) == 0; }
template <class F> constexpr typename F::Bits quiet(typename F::Bits a) { return a | F::kQuiet; }

// A finite nonzero value as sig * 2^(exp - bias - kMant), sig normalised so bit kMant is set.
// Subnormal inputs get an exponent below 1.
template <class F>
struct Unpacked {
  typename F::Bits sig;
  int exp;
};
template <class F>
constexpr Unpacked<F> unpack(typename F::Bits a) {
  using B = typename F::Bits;
  int exp = int((a >> F::kMant) & B(F::kMaxExp));
  B sig = a & F::kMantMask;
  if (exp != 0) return {sig | F::kImplicit, exp};
  int shift = clz(sig) - (F::kWidth - 1 - F::kMant);
  return {B(sig << shift), 1 - shift};
}

// Rounds and encodes sign * sig * 2^(exp - bias - kMant - kExtra); sig != 0 and has its top bit
// at most at kWidth - 2. Handles overflow to infinity and gradual underflow.
template <class F>
constexpr typename F::Bits round_pack(typename F::Bits sign, int exp, typename F::Bits sig) {
  using B = typename F::Bits;
  constexpr int kTop = F::kMant + F::kExtra;
  int top = F::kWidth - 1 - clz(sig);
  if (top > kTop) {
    sig = shift_right_sticky(sig, top - kTop);
    exp += top - kTop;
  } else if (top < kTop) {
    sig <<= (kTop - top);
    exp -= kTop - top;
  }
  if (exp >= F::kMaxExp) return sign | F::kInf;
  bool subnormal = exp <= 0;
  if (subnormal) sig = shift_right_sticky(sig, 1 - exp);
  constexpr B kHalf = B(1) << (F::kExtra - 1);
  B rest = sig & ((B(1) << F::kExtra) - 1);
  sig >>= F::kExtra;
  if (rest > kHalf || (rest == kHalf && (sig & 1))) ++sig;
  if (subnormal) return sign | sig;  // a carry into bit kMant makes it the smallest normal
  if (sig == (F::kImplicit << 1)) {
    sig >>= 1;
    if (++exp >= F::kMaxExp) return sign | F::kInf;
  }
  return sign | (B(exp) << F::kMant) | (sig & F::kMantMask);
}

template <class F>
constexpr typename F::Bits add(typename F::Bits a, typename F::Bits b) {
  using B = typename F::Bits;
  if (is_nan<F>(a)) return quiet<F>(a);
  if (is_nan<F>(b)) return quiet<F>(b);
  if (is_inf<F>(a)) return (is_inf<F>(b) && a != b) ? F::kDefaultNaN : a;
  if (is_inf<F>(b)) return b;
  if (is_zero<F>(a)) return is_zero<F>(b) ? (a & b) : b;  // -0 + -0 = -0, otherwise +0
  if (is_zero<F>(b)) return a;
  if ((a & ~F::kSign) < (b & ~F::kSign)) {  // make |a| >= |b|
    B t = a;
    a = b;
    b = t;
  }
  B sign = a & F::kSign;
  Unpacked<F> x = unpack<F>(a), y = unpack<F>(b);
  B sx = B(x.sig << F::kExtra);
  B sy = shift_right_sticky(B(y.sig << F::kExtra), x.exp - y.exp);
  B sig;
  if ((a ^ b) & F::kSign) {
    sig = sx - sy;
    if (sig == 0) return 0;  // exact cancellation gives +0
  } else {
    sig = sx + sy;
  }
  return round_pack<F>(sign, x.exp, sig);
}

template <class F>
constexpr typename F::Bits sub(typename F::Bits a, typename F::Bits b) {
  // NaN operands propagate unchanged in sign, as in hardware.
  return add<F>(a, is_nan<F>(b) ? b : (b ^ F::kSign));
}

template <class F>
constexpr typename F::Bits neg(typename F::Bits a) { return a ^ F::kSign; }

template <class F>
constexpr typename F::Bits mul(typename F::Bits a, typename F::Bits b) {
  using B = typename F::Bits;
  using W = typename F::Wide;
  if (is_nan<F>(a)) return quiet<F>(a);
  if (is_nan<F>(b)) return quiet<F>(b);
  B sign = (a ^ b) & F::kSign;
  if (is_inf<F>(a) || is_inf<F>(b)) {
    return (is_zero<F>(a) || is_zero<F>(b)) ? F::kDefaultNaN : (sign | F::kInf);
  }
  if (is_zero<F>(a) || is_zero<F>(b)) return sign;
  Unpacked<F> x = unpack<F>(a), y = unpack<F>(b);
  // Product has its top bit at 2*kMant or 2*kMant+1; keep kMant + kExtra + 1 bits of it.
  W product = W(x.sig) * W(y.sig);
  B sig = B(shift_right_sticky(product, F::kMant - F::kExtra));
  return round_pack<F>(sign, x.exp + y.exp - F::kBias, sig);
}

template <class F>
constexpr typename F::Bits div(typename F::Bits a, typename F::Bits b) {
  using B = typename F::Bits;
  if (is_nan<F>(a)) return quiet<F>(a);
  if (is_nan<F>(b)) return quiet<F>(b);
  B sign = (a ^ b) & F::kSign;
  if (is_inf<F>(a)) return is_inf<F>(b) ? F::kDefaultNaN : (sign | F::kInf);
  if (is_inf<F>(b)) return sign;
  if (is_zero<F>(b)) return is_zero<F>(a) ? F::kDefaultNaN : (sign | F::kInf);
  if (is_zero<F>(a)) return sign;
  Unpacked<F> x = unpack<F>(a), y = unpack<F>(b);
  // Restoring division: q = floor(x.sig * 2^k / y.sig), one quotient bit per step, so only
  // shifts and subtractions of kMant+2-bit numbers (no wide division to call out to).
  constexpr int k = F::kMant + F::kExtra + 1;
  B rem = x.sig, q = 0;
  for (int i = 0; i <= k; ++i) {
    q <<= 1;
    if (rem >= y.sig) {
      rem -= y.sig;
      q |= 1;
    }
    rem <<= 1;
  }
  q |= (rem != 0);
  return round_pack<F>(sign, x.exp - y.exp + F::kBias - 1, q);
}

// Three-way comparison: -1, 0, 1, or 2 when unordered (a NaN is involved). +0 == -0.
template <class F>
constexpr int compare(typename F::Bits a, typename F::Bits b) {
  using B = typename F::Bits;
  if (is_nan<F>(a) || is_nan<F>(b)) return 2;
  if (is_zero<F>(a) && is_zero<F>(b)) return 0;
  // Sign-magnitude to a monotonic unsigned key.
  auto key = [](B v) -> B { return (v & F::kSign) ? B(~v) : B(v | F::kSign); };
  B ka = key(a), kb = key(b);
  return ka < kb ? -1 : (ka > kb ? 1 : 0);
}

// Integer (any width up to 128 bits) to floating point, rounded.
template <class F, class I>
constexpr typename F::Bits from_int(I value) {
  using B = typename F::Bits;
  using U = typename WideOf<I>::Type;
  if (value == 0) return 0;
  B sign = 0;
  U mag = U(value);
  if (I(-1) < I(0) && value < 0) {
    sign = F::kSign;
    mag = U(0) - mag;  // right even for the most negative value
  }
  if constexpr (sizeof(I) < sizeof(U)) mag &= (U(1) << (sizeof(I) * 8)) - 1;  // undo sign extension
  int top = int(sizeof(U) * 8) - 1 - clz(mag);
  constexpr int kTop = F::kMant + F::kExtra;
  B sig = top > kTop ? B(shift_right_sticky(mag, top - kTop)) : B(B(mag) << (kTop - top));
  return round_pack<F>(sign, F::kBias + top, sig);
}

// Floating point to integer, truncating toward zero. Out-of-range values saturate and NaN gives 0
// (C leaves both undefined; saturation is the least surprising choice).
template <class F, class I>
constexpr I to_int(typename F::Bits a) {
  using U = typename WideOf<I>::Type;
  constexpr bool kSigned = I(-1) < I(0);
  constexpr int kBits = int(sizeof(I) * 8);
  constexpr I kMax = kSigned ? I((U(1) << (kBits - 1)) - 1) : I(~I(0));
  constexpr I kMin = kSigned ? I(-kMax - 1) : I(0);
  if (is_nan<F>(a)) return 0;
  bool negative = (a & F::kSign) != 0;
  if (is_zero<F>(a)) return 0;
  if (is_inf<F>(a)) return negative ? kMin : kMax;
  Unpacked<F> x = unpack<F>(a);
  int e = x.exp - F::kBias;  // value = sig * 2^(e - kMant)
  if (e < 0) return 0;
  if (e >= kBits - (kSigned ? 1 : 0)) {
    // Only -2^(bits-1) itself fits at this magnitude.
    if (kSigned && negative && e == kBits - 1 && x.sig == F::kImplicit) return kMin;
    return negative ? kMin : kMax;
  }
  if (!kSigned && negative) return 0;
  U mag = e >= F::kMant ? U(U(x.sig) << (e - F::kMant)) : U(x.sig >> (F::kMant - e));
  return negative ? I(U(0) - mag) : I(mag);
}

// Between formats (float <-> double). Widening is exact; narrowing rounds.
template <class From, class To>
constexpr typename To::Bits convert(typename From::Bits a) {
  using TB = typename To::Bits;
  TB sign = (a & From::kSign) ? To::kSign : 0;
  if (is_nan<From>(a)) {
    // Keep the top payload bits, as x86 cvtss2sd / cvtsd2ss do.
    typename From::Bits payload = a & From::kMantMask;
    TB moved = To::kMant >= From::kMant ? TB(TB(payload) << (To::kMant - From::kMant))
                                         : TB(payload >> (From::kMant - To::kMant));
    return sign | To::kInf | To::kQuiet | moved;
  }
  if (is_inf<From>(a)) return sign | To::kInf;
  if (is_zero<From>(a)) return sign;
  Unpacked<From> x = unpack<From>(a);
  constexpr int kShift = (To::kMant + To::kExtra) - From::kMant;
  TB sig = kShift >= 0 ? TB(TB(x.sig) << kShift) : TB(shift_right_sticky(x.sig, -kShift));
  return round_pack<To>(sign, x.exp - From::kBias + To::kBias, sig);
}

}  // namespace kbuild::soft

#endif
