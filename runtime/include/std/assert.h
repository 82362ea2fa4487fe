// <assert.h> for freestanding kernels (kbuild runtime), the same as <cassert>. A failed assert() panics with the file,
// the line and the expression: "panic: assertion failed: src/mm.cpp:42: count > 0". As in
// standard C++, defining NDEBUG before including this header turns assert() into nothing; the
// header may be included again with NDEBUG changed.
#include <kbuild/runtime.h>

#undef assert
#ifdef NDEBUG
#define assert(condition) (static_cast<void>(0))
#else
#define KBUILD_ASSERT_STRING_(x) #x
#define KBUILD_ASSERT_LINE_(x) KBUILD_ASSERT_STRING_(x)
// The message is one string literal, so a failing assert costs no formatting code.
#define assert(condition)                                                                      \
  ((condition) ? static_cast<void>(0)                                                          \
               : kbuild_panic("assertion failed: " __FILE__ ":" KBUILD_ASSERT_LINE_(__LINE__) ": " #condition))
#endif
