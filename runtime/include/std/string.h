/* The C string functions the kbuild runtime provides (runtime/src/string.cpp). Usable from C
 * and C++; <cstring> puts them in namespace std. */
#ifndef KBUILD_STRING_H
#define KBUILD_STRING_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* memcpy(void* __restrict dest, const void* __restrict src, size_t n);
void* memmove(void* dest, const void* src, size_t n);
void* memset(void* dest, int value, size_t n);
int memcmp(const void* a, const void* b, size_t n);
int bcmp(const void* a, const void* b, size_t n); /* clang turns memcmp(...) == 0 into this */
void* memchr(const void* s, int c, size_t n);
size_t strlen(const char* s);
size_t strnlen(const char* s, size_t max);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strchr(const char* s, int c);

#ifdef __cplusplus
}
#endif
#endif
