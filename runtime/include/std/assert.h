/* <assert.h> for freestanding kernels (kbuild runtime), usable from C and C++ (<cassert> is the
 * same). A failed assert(e) panics with the file, the line and the expression:
 * "panic: assertion failed: src/mm.c:42: count > 0". As the standard has it, defining NDEBUG
 * before including this header turns assert() into nothing, and the header may be included again
 * with NDEBUG changed. In C it also defines static_assert. */
#include <kbuild/runtime.h>

#undef assert
#ifdef NDEBUG
#define assert(condition) ((void)0)
#else
#define KBUILD_ASSERT_STRING_(x) #x
#define KBUILD_ASSERT_LINE_(x) KBUILD_ASSERT_STRING_(x)
/* The message is one string literal, so a failing assert costs no formatting code. */
#define assert(condition)                                                                      \
  ((condition) ? (void)0                                                                       \
               : kbuild_panic("assertion failed: " __FILE__ ":" KBUILD_ASSERT_LINE_(__LINE__) ": " #condition))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif
