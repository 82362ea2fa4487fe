/* <stdio.h> for freestanding kernels (kbuild runtime), for C and C++: formatted output to the
 * console (the screen once kbuild_console_init has run, and COM1 always; see <kbuild/console.h>)
 * and into buffers. There are no files and no input: no FILE, fopen or scanf.
 *
 * Conversions: d i u o x X c s p % f F e E g G and n is not supported; flags - + space # 0;
 * width and precision, also as `*`; length modifiers hh h l ll j z t (L is not: the kernel flags
 * have no long double). Floats are printed exactly, with precisions up to 80. */
#ifndef KBUILD_STDIO_H
#define KBUILD_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef EOF
#define EOF (-1)
#endif

/* Return the number of characters written (or, for the n-forms, that the whole text needs:
 * a result >= size means it was cut; the buffer is always NUL-terminated when size > 0). */
int printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* format, va_list args) __attribute__((format(printf, 1, 0)));
int snprintf(char* out, size_t size, const char* format, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char* out, size_t size, const char* format, va_list args)
    __attribute__((format(printf, 3, 0)));
int sprintf(char* out, const char* format, ...) __attribute__((format(printf, 2, 3)));
int vsprintf(char* out, const char* format, va_list args) __attribute__((format(printf, 2, 0)));
int putchar(int c);
/* Writes the string and a newline. */
int puts(const char* text);

#ifdef __cplusplus
}
#endif
#endif
