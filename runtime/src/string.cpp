// The C memory and string functions: compilers call memcpy/memmove/memset/memcmp (and bcmp)
// on their own, even in freestanding code, so every kernel needs them.
//
// On x86_64 the copies use string instructions (fast on any CPU with ERMSB, and plain elsewhere);
// other architectures copy in plain loops. The loops carry no_builtin so the optimiser cannot
// turn them back into calls to themselves.
#include <stddef.h>

// Host tests include this file with KBUILD_RT_NAME defined to rename the symbols, so they do not
// collide with the host's C library.
#ifndef KBUILD_RT_NAME
#define KBUILD_RT_NAME(name) name
#endif

#if defined(__clang__)
#define KBUILD_NO_BUILTIN __attribute__((no_builtin))
#else  // host tests built with GCC
#define KBUILD_NO_BUILTIN __attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

extern "C" {

KBUILD_NO_BUILTIN void* KBUILD_RT_NAME(memcpy)(void* __restrict dest, const void* __restrict src,
                                               size_t n) {
#if defined(__x86_64__)
  void* d = dest;
  __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
#else
  auto d = static_cast<unsigned char*>(dest);
  auto s = static_cast<const unsigned char*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
#endif
  return dest;
}

KBUILD_NO_BUILTIN void* KBUILD_RT_NAME(memmove)(void* dest, const void* src, size_t n) {
  auto d = static_cast<unsigned char*>(dest);
  auto s = static_cast<const unsigned char*>(src);
#if defined(__x86_64__)
  if (d <= s || d >= s + n) {  // no overlap that a forward copy would clobber
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
  } else if (n != 0) {
    // Backwards, from the last byte; the direction flag goes back to clear at once.
    d += n - 1;
    s += n - 1;
    __asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
  }
#else
  if (d <= s || d >= s + n) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
#endif
  return dest;
}

KBUILD_NO_BUILTIN void* KBUILD_RT_NAME(memset)(void* dest, int value, size_t n) {
#if defined(__x86_64__)
  void* d = dest;
  __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(static_cast<unsigned char>(value)) : "memory");
#else
  auto d = static_cast<unsigned char*>(dest);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(value);
#endif
  return dest;
}

KBUILD_NO_BUILTIN int KBUILD_RT_NAME(memcmp)(const void* a, const void* b, size_t n) {
  auto x = static_cast<const unsigned char*>(a);
  auto y = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

KBUILD_NO_BUILTIN int KBUILD_RT_NAME(bcmp)(const void* a, const void* b, size_t n) {
  return KBUILD_RT_NAME(memcmp)(a, b, n);
}

KBUILD_NO_BUILTIN void* KBUILD_RT_NAME(memchr)(const void* s, int c, size_t n) {
  auto p = static_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p + i);
  }
  return nullptr;
}

KBUILD_NO_BUILTIN size_t KBUILD_RT_NAME(strlen)(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

KBUILD_NO_BUILTIN size_t KBUILD_RT_NAME(strnlen)(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return n;
}

KBUILD_NO_BUILTIN int KBUILD_RT_NAME(strcmp)(const char* a, const char* b) {
  for (;; ++a, ++b) {
    auto x = static_cast<unsigned char>(*a), y = static_cast<unsigned char>(*b);
    if (x != y) return x < y ? -1 : 1;
    if (x == '\0') return 0;
  }
}

KBUILD_NO_BUILTIN int KBUILD_RT_NAME(strncmp)(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
    if (x == '\0') return 0;
  }
  return 0;
}

KBUILD_NO_BUILTIN char* KBUILD_RT_NAME(strchr)(const char* s, int c) {
  for (;; ++s) {
    if (*s == static_cast<char>(c)) return const_cast<char*>(s);
    if (*s == '\0') return nullptr;
  }
}

}  // extern "C"
