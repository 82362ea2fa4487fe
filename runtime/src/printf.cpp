// printf and friends (<stdio.h>) over the engine kbuild::print uses (format_out.h).
#include <kbuild/console.h>
#include <kbuild/print.h>
#include <stdarg.h>
#include <stdint.h>

#include "format_out.h"

// Host tests include this file with KBUILD_RT_NAME defined to rename the symbols, so they do not
// collide with the host's C library.
#ifndef KBUILD_RT_NAME
#define KBUILD_RT_NAME(name) name
#include <stdio.h>
#endif

namespace kbuild::format_detail {
namespace {

void console_write(void*, const char* text, size_t length) { kbuild_console_write(text, length); }

// Reads one conversion's length modifier and argument as a 64-bit value.
enum class Length { none, hh, h, l, ll, j, z, t };

int64_t signed_arg(Length length, va_list* args) {
  switch (length) {
    case Length::hh: return static_cast<signed char>(va_arg(*args, int));
    case Length::h: return static_cast<short>(va_arg(*args, int));
    case Length::l: return va_arg(*args, long);
    case Length::ll: return va_arg(*args, long long);
    case Length::j: return va_arg(*args, intmax_t);
    case Length::z: return va_arg(*args, long);  // the signed type of size_t
    case Length::t: return va_arg(*args, ptrdiff_t);
    case Length::none: break;
  }
  return va_arg(*args, int);
}

uint64_t unsigned_arg(Length length, va_list* args) {
  switch (length) {
    case Length::hh: return static_cast<unsigned char>(va_arg(*args, unsigned));
    case Length::h: return static_cast<unsigned short>(va_arg(*args, unsigned));
    case Length::l: return va_arg(*args, unsigned long);
    case Length::ll: return va_arg(*args, unsigned long long);
    case Length::j: return va_arg(*args, uintmax_t);
    case Length::z: return va_arg(*args, size_t);
    case Length::t: return static_cast<uint64_t>(va_arg(*args, ptrdiff_t));
    case Length::none: break;
  }
  return va_arg(*args, unsigned);
}

// A double argument's bits. Without SSE (-mgeneral-regs-only) a caller passes a double in a
// general register like an integer, but clang 14's va_arg(double) still reads the (unsaved) SSE
// register area, so kernels fetch it as the integer it was passed as.
uint64_t double_arg(va_list* args) {
#ifdef __SSE2__
  return __builtin_bit_cast(uint64_t, va_arg(*args, double));
#else
  return va_arg(*args, uint64_t);
#endif
}

void store_count(Length length, va_list* args, size_t count) {
  switch (length) {
    case Length::hh: *va_arg(*args, signed char*) = static_cast<signed char>(count); return;
    case Length::h: *va_arg(*args, short*) = static_cast<short>(count); return;
    case Length::l: *va_arg(*args, long*) = static_cast<long>(count); return;
    case Length::ll: *va_arg(*args, long long*) = static_cast<long long>(count); return;
    case Length::j: *va_arg(*args, int64_t*) = static_cast<int64_t>(count); return;
    case Length::z: *va_arg(*args, long*) = static_cast<long>(count); return;  // ssize_t's type
    case Length::t: *va_arg(*args, long*) = static_cast<long>(count); return;  // ptrdiff_t's
    case Length::none: break;
  }
  *va_arg(*args, int*) = static_cast<int>(count);
}

// %ls: each wide character narrowed to one byte ('?' outside ASCII); the precision counts bytes.
void write_wide_string(Out& out, const Spec& spec, const wchar_t* text) {
  if (!text) {
    write_string(out, spec, "(null)", 6);
    return;
  }
  char narrow[256];
  size_t n = 0;
  while (text[n] != 0 && n < sizeof narrow && (spec.precision < 0 || n < size_t(spec.precision))) {
    narrow[n] = text[n] >= 0 && text[n] < 0x80 ? char(text[n]) : '?';
    ++n;
  }
  write_string(out, spec, narrow, n);
}

int read_number(const char** p) {
  int v = 0;
  while (**p >= '0' && **p <= '9') {
    v = v * 10 + (*(*p)++ - '0');
    if (v > 100000) v = 100000;
  }
  return v;
}

size_t format(Sink sink, const char* f, va_list incoming) {
  va_list args;
  va_copy(args, incoming);
  Out out(sink);
  while (*f) {
    if (*f != '%') {
      out.put(*f++);
      continue;
    }
    const char* start = f++;
    Spec spec;
    spec.c_rules = true;
    for (;; ++f) {
      if (*f == '-') spec.align = '<';
      else if (*f == '+') spec.sign = '+';
      else if (*f == ' ') { if (spec.sign != '+') spec.sign = ' '; }
      else if (*f == '#') spec.alternate = true;
      else if (*f == '0') spec.zero_pad = true;
      else break;
    }
    if (*f == '*') {
      ++f;
      int w = va_arg(args, int);
      if (w < 0) {
        spec.align = '<';
        w = w == INT32_MIN ? 100000 : -w;
      }
      spec.width = w > 100000 ? 100000 : w;
    } else {
      spec.width = read_number(&f);
    }
    if (*f == '.') {
      ++f;
      if (*f == '*') {
        ++f;
        int precision = va_arg(args, int);
        spec.precision = precision < 0 ? -1 : precision;
      } else {
        spec.precision = read_number(&f);
      }
    }
    Length length = Length::none;
    if (*f == 'h') length = *++f == 'h' ? (++f, Length::hh) : Length::h;
    else if (*f == 'l') length = *++f == 'l' ? (++f, Length::ll) : Length::l;
    else if (*f == 'j') ++f, length = Length::j;
    else if (*f == 'z') ++f, length = Length::z;
    else if (*f == 't') ++f, length = Length::t;
    char conversion = *f;
    if (conversion != '\0') ++f;
    if ((conversion == 'c' || conversion == 's') && spec.align != '<') spec.align = '>';
    switch (conversion) {
      case 'd':
      case 'i': {
        int64_t v = signed_arg(length, &args);
        write_integer(out, spec, v < 0, v < 0 ? -static_cast<uint64_t>(v) : uint64_t(v));
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X':
        spec.type = conversion == 'u' ? 'd' : conversion;
        spec.sign = '-';  // '+' and ' ' are for signed conversions only
        write_integer(out, spec, false, unsigned_arg(length, &args));
        break;
      case 'c':
        spec.precision = -1;
        // %lc takes a wint_t: a character outside ASCII has no one-byte form here, so it is '?'.
        if (length == Length::l) {
          unsigned wide = va_arg(args, unsigned);
          write_char(out, spec, wide < 0x80 ? char(wide) : '?');
        } else {
          write_char(out, spec, static_cast<char>(va_arg(args, int)));
        }
        break;
      case 's': {
        if (length == Length::l) {
          write_wide_string(out, spec, va_arg(args, const wchar_t*));
          break;
        }
        const char* text = va_arg(args, const char*);
        if (!text) text = "(null)";
        size_t n = 0;
        while (text[n] != '\0' && (spec.precision < 0 || n < size_t(spec.precision))) ++n;
        write_string(out, spec, text, n);
        break;
      }
      case 'n':  // the count of characters written so far, stored as the length says
        store_count(length, &args, out.total());
        break;
      case 'p': write_pointer(out, spec, va_arg(args, void*)); break;
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        spec.type = conversion;
        write_float(out, spec, double_arg(&args));
        break;
      }
      case '%': out.put('%'); break;
      default:
        // Unknown or unsupported (%L...): which argument it takes is unknown, so every later
        // conversion could read the wrong one. The rest of the format is printed as written.
        while (*f) ++f;
        out.write(start, size_t(f - start));
        continue;
    }
  }
  va_end(args);
  out.flush();
  return out.total();
}

int to_int(size_t n) { return n > 0x7fffffff ? 0x7fffffff : int(n); }

int format_into(char* out, size_t size, const char* f, va_list args) {
  Buffer buffer{out, size, 0};
  size_t n = format({buffer_write, &buffer}, f, args);
  if (size > 0) out[n < size ? n : size - 1] = '\0';
  return to_int(n);
}

}  // namespace
}  // namespace kbuild::format_detail

using namespace kbuild::format_detail;

extern "C" {

int KBUILD_RT_NAME(vprintf)(const char* f, va_list args) {
  return to_int(format({console_write, nullptr}, f, args));
}

int KBUILD_RT_NAME(printf)(const char* f, ...) {
  va_list args;
  va_start(args, f);
  int n = KBUILD_RT_NAME(vprintf)(f, args);
  va_end(args);
  return n;
}

int KBUILD_RT_NAME(vsnprintf)(char* out, size_t size, const char* f, va_list args) {
  return format_into(out, size, f, args);
}

int KBUILD_RT_NAME(snprintf)(char* out, size_t size, const char* f, ...) {
  va_list args;
  va_start(args, f);
  int n = format_into(out, size, f, args);
  va_end(args);
  return n;
}

int KBUILD_RT_NAME(vsprintf)(char* out, const char* f, va_list args) {
  return format_into(out, SIZE_MAX, f, args);
}

int KBUILD_RT_NAME(sprintf)(char* out, const char* f, ...) {
  va_list args;
  va_start(args, f);
  int n = format_into(out, SIZE_MAX, f, args);
  va_end(args);
  return n;
}

int KBUILD_RT_NAME(putchar)(int c) {
  char ch = static_cast<char>(c);
  kbuild_console_write(&ch, 1);
  return static_cast<unsigned char>(ch);
}

int KBUILD_RT_NAME(puts)(const char* text) {
  size_t n = 0;
  while (text[n] != '\0') ++n;
  kbuild_console_write(text, n);
  kbuild_console_write("\n", 1);
  return 1;
}

}  // extern "C"
