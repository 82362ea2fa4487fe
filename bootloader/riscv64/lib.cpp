// common/lib.h's memory functions for riscv64: 8 bytes at a time when both sides are aligned.
// no_builtin keeps the optimiser from turning the loops back into calls to themselves.
#include "lib.h"

#define KBUILD_NO_BUILTIN __attribute__((no_builtin))

extern "C" KBUILD_NO_BUILTIN void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  auto* s = static_cast<const uint8_t*>(src);
  if ((reinterpret_cast<uintptr_t>(d) | reinterpret_cast<uintptr_t>(s)) % 8 == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8)
      *reinterpret_cast<uint64_t*>(d) = *reinterpret_cast<const uint64_t*>(s);
  }
  for (; n; --n) *d++ = *s++;
  return dst;
}

extern "C" KBUILD_NO_BUILTIN void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  auto* s = static_cast<const uint8_t*>(src);
  if (d <= s || d >= s + n) return memcpy(dst, src, n);
  while (n--) d[n] = s[n];
  return dst;
}

extern "C" KBUILD_NO_BUILTIN void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  uint64_t pattern = 0x0101010101010101ULL * static_cast<uint8_t>(value);
  if (reinterpret_cast<uintptr_t>(d) % 8 == 0) {
    for (; n >= 8; n -= 8, d += 8) *reinterpret_cast<uint64_t*>(d) = pattern;
  }
  for (; n; --n) *d++ = static_cast<uint8_t>(value);
  return dst;
}

extern "C" KBUILD_NO_BUILTIN int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const uint8_t*>(a);
  auto* y = static_cast<const uint8_t*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}
