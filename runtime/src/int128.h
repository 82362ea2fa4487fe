// 128-bit integer division and overflow-checked multiplication built from 64-bit operations.
//
// Clang inlines 128-bit add, shift and multiply on x86_64 but calls __udivti3 and friends for
// division; int128.cpp exports those symbols on top of these functions. Nothing here may divide
// two 128-bit values with `/` or `%`: that would call ourselves. Header-only so host tests can
// compare it with the host compiler's own runtime.
#ifndef KBUILD_RUNTIME_INT128_H
#define KBUILD_RUNTIME_INT128_H

#include <stdint.h>

namespace kbuild::int128 {

using u128 = unsigned __int128;
using i128 = __int128;

// (hi:lo) / d with hi < d, so the quotient fits in 64 bits. On x86_64 one divq (d == 0 raises
// #DE, as ordinary integer division by zero does); elsewhere one quotient bit per step, and a
// zero divisor gives 0, as aarch64's udiv does.
inline uint64_t div_128_by_64(uint64_t hi, uint64_t lo, uint64_t d, uint64_t* rem) {
#if defined(__x86_64__)
  uint64_t q, r;
  __asm__("divq %[d]" : "=a"(q), "=d"(r) : [d] "r"(d), "a"(lo), "d"(hi));
  *rem = r;
  return q;
#else
  if (d == 0) {
    *rem = 0;
    return 0;
  }
  uint64_t q = 0;
  for (int bit = 63; bit >= 0; --bit) {
    bool carry = (hi >> 63) != 0;  // the partial remainder has 65 bits for a moment
    hi = (hi << 1) | (lo >> 63);
    lo <<= 1;
    if (carry || hi >= d) {
      hi -= d;
      q |= uint64_t(1) << bit;
    }
  }
  *rem = hi;
  return q;
#endif
}

inline u128 udivmod(u128 n, u128 d, u128* rem) {
  uint64_t n_hi = uint64_t(n >> 64), n_lo = uint64_t(n);
  uint64_t d_hi = uint64_t(d >> 64), d_lo = uint64_t(d);
  if (d_hi == 0) {
    // Two schoolbook steps in base 2^64; each keeps the partial remainder below d_lo.
    uint64_t r;
    uint64_t q_hi = 0;
    if (n_hi >= d_lo) {
      q_hi = n_hi / d_lo;
      n_hi = n_hi % d_lo;
    }
    uint64_t q_lo = div_128_by_64(n_hi, n_lo, d_lo, &r);
    if (rem) *rem = r;
    return (u128(q_hi) << 64) | q_lo;
  }
  // d >= 2^64, so the quotient fits in 64 bits. Estimate it from d's top 64 bits (normalised so
  // their top bit is set) and n/2 (so the estimate's divq cannot overflow); the estimate is
  // exact or one too large after the shift back, and one correction step fixes it.
  int s = __builtin_clzll(d_hi);
  uint64_t d_top = uint64_t((d << s) >> 64);
  u128 half = n >> 1;
  uint64_t unused;
  uint64_t q1 = div_128_by_64(uint64_t(half >> 64), uint64_t(half), d_top, &unused);
  uint64_t q = uint64_t((u128(q1) << s) >> 63);
  if (q != 0) --q;
  u128 r = n - u128(q) * d;
  if (r >= d) {
    ++q;
    r -= d;
  }
  if (rem) *rem = r;
  return q;
}

inline i128 divmod(i128 n, i128 d, i128* rem) {
  bool n_neg = n < 0, d_neg = d < 0;
  u128 un = n_neg ? u128(0) - u128(n) : u128(n);
  u128 ud = d_neg ? u128(0) - u128(d) : u128(d);
  u128 ur;
  u128 uq = udivmod(un, ud, &ur);
  // C truncates toward zero: the remainder takes the dividend's sign.
  if (rem) *rem = n_neg ? i128(u128(0) - ur) : i128(ur);
  return (n_neg != d_neg) ? i128(u128(0) - uq) : i128(uq);
}

// a * b, setting *overflow to 1 when the exact product does not fit in 128 bits (else 0).
inline i128 mul_overflow(i128 a, i128 b, int* overflow) {
  bool negative = (a < 0) != (b < 0);
  u128 ua = a < 0 ? u128(0) - u128(a) : u128(a);
  u128 ub = b < 0 ? u128(0) - u128(b) : u128(b);
  uint64_t a_hi = uint64_t(ua >> 64), a_lo = uint64_t(ua);
  uint64_t b_hi = uint64_t(ub >> 64), b_lo = uint64_t(ub);
  bool big = a_hi != 0 && b_hi != 0;  // product >= 2^128
  // Cross terms each must stay below 2^64 and their sum, shifted, must not carry out.
  u128 cross = u128(a_hi) * b_lo + u128(a_lo) * b_hi;
  u128 low = u128(a_lo) * b_lo;
  u128 mag = 0;
  if (!big && (cross >> 64) == 0) {
    u128 shifted = cross << 64;
    mag = low + shifted;
    if (mag < low) big = true;
  } else {
    big = true;
  }
  // The magnitude limit is 2^127 - 1, or 2^127 for a negative result.
  u128 limit = (u128(1) << 127) - (negative ? 0 : 1);
  *overflow = (big || mag > limit) ? 1 : 0;
  return i128(u128(a) * u128(b));  // wrapped result, as the builtin defines it
}

}  // namespace kbuild::int128

#endif
