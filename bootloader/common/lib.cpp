#include "lib.h"

// String instructions, 8 bytes at a time: QEMU's TCG runs these far faster than byte loops.
extern "C" void* memcpy(void* dst, const void* src, size_t n) {
  void* d = dst;
  size_t quads = n / 8, rest = n % 8;
  asm volatile("rep movsq" : "+D"(d), "+S"(src), "+c"(quads)::"memory");
  asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(rest)::"memory");
  return dst;
}

extern "C" void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  auto* s = static_cast<const uint8_t*>(src);
  if (d <= s || d >= s + n) return memcpy(dst, src, n);
  uint8_t* d_last = d + n - 1;
  const uint8_t* s_last = s + n - 1;
  asm volatile("std; rep movsb; cld" : "+D"(d_last), "+S"(s_last), "+c"(n)::"memory");
  return dst;
}

extern "C" void* memset(void* dst, int value, size_t n) {
  void* d = dst;
  uint64_t pattern = 0x0101010101010101ULL * static_cast<uint8_t>(value);
  size_t quads = n / 8, rest = n % 8;
  asm volatile("rep stosq" : "+D"(d), "+c"(quads) : "a"(pattern) : "memory");
  asm volatile("rep stosb" : "+D"(d), "+c"(rest) : "a"(pattern) : "memory");
  return dst;
}

extern "C" int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const uint8_t*>(a);
  auto* y = static_cast<const uint8_t*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}
