// Type-safe formatted output for C++ kernels: kbuild::print, kbuild::println, kbuild::format_to.
//
//   kbuild::println("{} pages free at {}", count, pointer);   // "12 pages free at 0xffff8000..."
//   kbuild::println("{:#x} {:08b} {:>6} {:*^9} {:.3f}", 255, 5, "ok", "mid", 3.14159);
//
// print/println write to the screen and COM1 (kbuild_console_write: COM1 only before
// kbuild_console_init). format_to writes into a buffer like snprintf. For C, <stdio.h> has
// printf/snprintf over the same engine.
//
// Placeholders are `{}` (the next argument) or `{N}` (argument N), optionally followed by
// `:[[fill]align][sign][#][0][width][.precision][type]`, as in std::format:
//   align  `<` left, `>` right, `^` centred (default: numbers right, everything else left)
//   sign   `+` always, `-` only negatives (default), ` ` a space for positives
//   `#`    a base prefix (0x, 0b, 0) for integers; keeps the point and zeros for floats
//   `0`    pads numbers with zeros after the sign and prefix
//   width, .precision: numbers (`.precision` digits for floats, at most that many characters
//          for strings); `{:{}}` and `{:.{}}` take them from the next argument
//   type   integers: d x X b B o c; floats: f F e E g G (default g-like: up to 6 significant
//          digits, no trailing zeros); strings: s; pointers: p (the default, 0x...); bool: s d
// `{{` and `}}` print a brace. A malformed placeholder or one without an argument prints as
// `{?}`; surplus arguments are ignored.
//
// Arguments: bool, char (a character), every signed and unsigned integer width including
// __int128 (signed char and unsigned char print as numbers), float and double (through the
// soft-float runtime; long double is not supported by the kernel flags), const char* and char
// arrays (NUL-terminated), std::string_view, nullptr and any other pointer (as an address), and
// enums (their underlying value).
#ifndef KBUILD_PRINT_H
#define KBUILD_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include <string_view>
#include <type_traits>

namespace kbuild {
namespace format_detail {

enum class Kind : unsigned char {
  boolean, character, signed_int, unsigned_int, floating, string, pointer
};

// One argument, type-erased. Integers are carried at 128 bits; floats as their binary64 bits
// (a float widens exactly).
struct Arg {
  Kind kind;
  union {
    bool boolean;
    char character;
    __int128 signed_int;
    unsigned __int128 unsigned_int;
    uint64_t float_bits;
    struct {
      const char* data;
      size_t size;
    } string;
    const void* pointer;
  };
};

// Where formatted text goes: `write` gets each piece in order.
struct Sink {
  void (*write)(void* context, const char* text, size_t length);
  void* context;
};

template <class T>
constexpr Arg make_arg(const T& value) {
  using U = std::remove_cv_t<T>;
  Arg a{};
  if constexpr (std::is_same_v<U, bool>) {
    a.kind = Kind::boolean;
    a.boolean = value;
  } else if constexpr (std::is_same_v<U, char>) {
    a.kind = Kind::character;
    a.character = value;
  } else if constexpr (std::is_enum_v<U>) {
    return make_arg(static_cast<std::underlying_type_t<U>>(value));
  } else if constexpr (std::is_same_v<U, __int128> ||
                       (std::is_integral_v<U> && std::is_signed_v<U>)) {
    a.kind = Kind::signed_int;
    a.signed_int = value;
  } else if constexpr (std::is_same_v<U, unsigned __int128> || std::is_integral_v<U>) {
    a.kind = Kind::unsigned_int;
    a.unsigned_int = value;
  } else if constexpr (std::is_same_v<U, float> || std::is_same_v<U, double>) {
    a.kind = Kind::floating;
    a.float_bits = __builtin_bit_cast(uint64_t, static_cast<double>(value));
  } else if constexpr (std::is_array_v<U> &&
                       std::is_same_v<std::remove_cv_t<std::remove_extent_t<U>>, char>) {
    a.kind = Kind::string;
    a.string.data = value;
    a.string.size = std::char_traits<char>::length(value);
  } else if constexpr (std::is_null_pointer_v<U>) {
    a.kind = Kind::pointer;
    a.pointer = nullptr;
  } else if constexpr (std::is_same_v<std::remove_cv_t<std::remove_pointer_t<U>>, char> &&
                       std::is_pointer_v<U>) {
    const char* text = value;
    if (text == nullptr) text = "(null)";
    a.kind = Kind::string;
    a.string.data = text;
    a.string.size = std::char_traits<char>::length(text);
  } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
    std::string_view view = value;
    a.kind = Kind::string;
    a.string.data = view.data();
    a.string.size = view.size();
  } else if constexpr (std::is_pointer_v<U>) {
    a.kind = Kind::pointer;
    a.pointer = reinterpret_cast<const void*>(value);
  } else {
    static_assert(sizeof(U) == 0,
                  "kbuild::print cannot format this type: pass an integer, float, bool, char, "
                  "string or pointer");
  }
  return a;
}

}  // namespace format_detail
}  // namespace kbuild

extern "C" {
// The engine behind print, println and format_to (runtime/src/print.cpp).
void kbuild_vformat(kbuild::format_detail::Sink sink, const char* format, size_t format_length,
                    const kbuild::format_detail::Arg* args, size_t count);
// print's sink: the console (screen and COM1).
void kbuild_print_write(void* context, const char* text, size_t length);
}

namespace kbuild {

template <class... Args>
void print(std::string_view format, const Args&... args) {
  const format_detail::Arg list[sizeof...(Args) + 1] = {format_detail::make_arg(args)...};
  kbuild_vformat({kbuild_print_write, nullptr}, format.data(), format.size(), list,
                 sizeof...(Args));
}

// print, then '\n'.
template <class... Args>
void println(std::string_view format, const Args&... args) {
  print(format, args...);
  kbuild_print_write(nullptr, "\n", 1);
}

namespace format_detail {
struct Buffer {
  char* out;
  size_t capacity, length;
};
inline void buffer_write(void* context, const char* text, size_t length) {
  auto* b = static_cast<Buffer*>(context);
  for (size_t i = 0; i < length; ++i, ++b->length) {
    if (b->length + 1 < b->capacity) b->out[b->length] = text[i];
  }
}
}  // namespace format_detail

// Formats into `out` (at most `size - 1` characters and a NUL, like snprintf) and returns the
// length the whole text has, so a result >= size means it was cut.
template <class... Args>
size_t format_to(char* out, size_t size, std::string_view format, const Args&... args) {
  const format_detail::Arg list[sizeof...(Args) + 1] = {format_detail::make_arg(args)...};
  format_detail::Buffer buffer{out, size, 0};
  kbuild_vformat({format_detail::buffer_write, &buffer}, format.data(), format.size(), list,
                 sizeof...(Args));
  if (size > 0) out[buffer.length < size ? buffer.length : size - 1] = '\0';
  return buffer.length;
}

}  // namespace kbuild

#endif
