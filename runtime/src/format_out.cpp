// Padding, strings, integers and pointers for print and printf (format_out.h).
#include "format_out.h"

namespace kbuild::format_detail {
namespace {

size_t padding(const Spec& spec, size_t length) {
  return spec.width > 0 && size_t(spec.width) > length ? size_t(spec.width) - length : 0;
}

}  // namespace

void write_padded(Out& out, const Spec& spec, const char* prefix, size_t prefix_length,
                  const char* body, size_t body_length, bool numeric) {
  size_t pad = padding(spec, prefix_length + body_length);
  char align = spec.align ? spec.align : (numeric ? '>' : '<');
  if (numeric && spec.zero_pad && !spec.align) {
    out.write(prefix, prefix_length);
    out.repeat('0', pad);
    out.write(body, body_length);
    return;
  }
  size_t before = align == '>' ? pad : align == '^' ? pad / 2 : 0;
  out.repeat(spec.fill, before);
  out.write(prefix, prefix_length);
  out.write(body, body_length);
  out.repeat(spec.fill, pad - before);
}

void write_string(Out& out, const Spec& spec, const char* text, size_t length) {
  if (spec.precision >= 0 && size_t(spec.precision) < length) length = size_t(spec.precision);
  write_padded(out, spec, "", 0, text, length, false);
}

void write_char(Out& out, const Spec& spec, char c) { write_padded(out, spec, "", 0, &c, 1, false); }

void write_integer(Out& out, const Spec& spec, bool negative, unsigned __int128 magnitude) {
  unsigned base = 10;
  const char* prefix_letters = "";
  bool upper = false;
  switch (spec.type) {
    case 'x': base = 16; prefix_letters = "0x"; break;
    case 'X': base = 16; prefix_letters = "0X"; upper = true; break;
    case 'b': base = 2; prefix_letters = "0b"; break;
    case 'B': base = 2; prefix_letters = "0B"; break;
    case 'o': base = 8; prefix_letters = "0"; break;
    default: break;
  }
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char body[130 + kMaxPrecision];  // 128 binary digits, or the minimum digit count
  size_t length = 0;
  char reversed[130];
  size_t n = 0;
  do {
    reversed[n++] = digits[unsigned(magnitude % base)];
    magnitude /= base;
  } while (magnitude != 0);
  bool zero = n == 1 && reversed[0] == '0';
  if (spec.c_rules && spec.precision == 0 && zero) n = 0;  // printf("%.0d", 0) prints nothing
  int min_digits = spec.c_rules && spec.precision > 0 ? spec.precision : 0;
  if (min_digits > kMaxPrecision) min_digits = kMaxPrecision;
  bool octal_zero = spec.alternate && base == 8;
  if (octal_zero && spec.c_rules && (n == 0 || reversed[n - 1] != '0') && size_t(min_digits) <= n)
    min_digits = int(n) + 1;  // printf's '#o' makes the first digit a 0
  for (size_t i = n; i < size_t(min_digits); ++i) body[length++] = '0';
  while (n > 0) body[length++] = reversed[--n];

  char prefix[4];
  size_t prefix_length = 0;
  if (negative) prefix[prefix_length++] = '-';
  else if (spec.sign == '+' || spec.sign == ' ') prefix[prefix_length++] = spec.sign;
  bool want_prefix = spec.alternate && base != 10 && !(spec.c_rules && (zero || base == 8));
  if (want_prefix && !(base == 8 && zero)) {
    for (const char* p = prefix_letters; *p; ++p) prefix[prefix_length++] = *p;
  }
  Spec padded = spec;
  if (spec.c_rules && spec.precision >= 0) padded.zero_pad = false;  // C: precision wins over '0'
  write_padded(out, padded, prefix, prefix_length, body, length, true);
}

void write_pointer(Out& out, const Spec& spec, const void* pointer) {
  Spec hex = spec;
  hex.type = 'x';
  hex.alternate = true;
  hex.c_rules = false;
  hex.precision = -1;
  write_integer(out, hex, false, reinterpret_cast<uintptr_t>(pointer));
}

}  // namespace kbuild::format_detail
