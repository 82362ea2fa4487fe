// The 128-bit integer helpers clang calls on x86_64 (names from the compiler runtime ABI).
#include "int128.h"

// Host tests include this file with KBUILD_RT_NAME defined to rename the symbols, so they do not
// collide with the host's own compiler runtime.
#ifndef KBUILD_RT_NAME
#define KBUILD_RT_NAME(name) name
#endif

namespace i128 = kbuild::int128;

extern "C" {

unsigned __int128 KBUILD_RT_NAME(__udivmodti4)(unsigned __int128 a, unsigned __int128 b, unsigned __int128* rem) {
  return i128::udivmod(a, b, rem);
}
unsigned __int128 KBUILD_RT_NAME(__udivti3)(unsigned __int128 a, unsigned __int128 b) {
  return i128::udivmod(a, b, nullptr);
}
unsigned __int128 KBUILD_RT_NAME(__umodti3)(unsigned __int128 a, unsigned __int128 b) {
  unsigned __int128 r;
  i128::udivmod(a, b, &r);
  return r;
}
__int128 KBUILD_RT_NAME(__divmodti4)(__int128 a, __int128 b, __int128* rem) { return i128::divmod(a, b, rem); }
__int128 KBUILD_RT_NAME(__divti3)(__int128 a, __int128 b) { return i128::divmod(a, b, nullptr); }
__int128 KBUILD_RT_NAME(__modti3)(__int128 a, __int128 b) {
  __int128 r;
  i128::divmod(a, b, &r);
  return r;
}
__int128 KBUILD_RT_NAME(__muloti4)(__int128 a, __int128 b, int* overflow) {
  return i128::mul_overflow(a, b, overflow);
}

}  // extern "C"
