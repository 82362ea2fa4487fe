// Floating-point output for print and printf (format_out.h), exact for every double: the value
// is split into an integer part and a binary fraction held as big integers, its decimal digits
// are produced one by one, and the last one kept is rounded half to even on the exact rest.
// Only integer arithmetic is used, so it needs nothing from the soft-float runtime.
#include "format_out.h"

namespace kbuild::format_detail {
namespace {

// An unsigned integer of up to 36 * 32 bits: a double's integer part has at most 1024 bits, and
// its fraction 1074 bits (times 10 while the digits are produced).
class Big {
 public:
  explicit Big(uint64_t value = 0) {
    words_[0] = uint32_t(value);
    words_[1] = uint32_t(value >> 32);
    used_ = 2;
    trim();
  }
  bool zero() const { return used_ == 0; }
  void shift_left(int bits) {
    int words = bits / 32, rest = bits % 32;
    for (int i = used_ - 1 + words + 1; i >= 0; --i) {
      uint64_t high = i - words >= 0 && i - words < used_ ? words_[i - words] : 0;
      uint64_t low = i - words - 1 >= 0 && i - words - 1 < used_ ? words_[i - words - 1] : 0;
      words_[i] = uint32_t(((high << 32 | low) << rest) >> 32);
    }
    used_ += words + 1;
    trim();
  }
  void multiply(uint32_t factor) {
    uint64_t carry = 0;
    for (int i = 0; i < used_; ++i) {
      uint64_t v = uint64_t(words_[i]) * factor + carry;
      words_[i] = uint32_t(v);
      carry = v >> 32;
    }
    if (carry) words_[used_++] = uint32_t(carry);
  }
  // Divides by `divisor` and returns the remainder.
  uint32_t divide(uint32_t divisor) {
    uint64_t rest = 0;
    for (int i = used_ - 1; i >= 0; --i) {
      uint64_t v = rest << 32 | words_[i];
      words_[i] = uint32_t(v / divisor);
      rest = v % divisor;
    }
    trim();
    return uint32_t(rest);
  }
  // Returns the bits from `bit` up (a small number) and clears them.
  uint32_t take_above(int bit) {
    int word = bit / 32, rest = bit % 32;
    uint64_t v = 0;
    for (int i = used_ - 1; i >= word; --i) v = v << 32 | words_[i];
    uint32_t high = uint32_t(v >> rest);
    for (int i = word + 1; i < used_; ++i) words_[i] = 0;
    if (word < used_) words_[word] &= rest ? (uint32_t(1) << rest) - 1 : 0;
    trim();
    return high;
  }

 private:
  void trim() {
    while (used_ > 0 && words_[used_ - 1] == 0) --used_;
  }
  uint32_t words_[36] = {};
  int used_ = 0;
};

// The decimal digits of mantissa * 2^exponent, integer part first.
class Digits {
 public:
  Digits(uint64_t mantissa, int exponent) {
    Big integer;
    if (exponent >= 0) {
      integer = Big(mantissa);
      integer.shift_left(exponent);
    } else {
      fraction_bits_ = -exponent;
      if (fraction_bits_ < 64) {
        integer = Big(mantissa >> fraction_bits_);
        fraction_ = Big(mantissa & ((uint64_t(1) << fraction_bits_) - 1));
      } else {
        fraction_ = Big(mantissa);
      }
    }
    char reversed[sizeof(integer_)];
    do {
      reversed[integer_length_++] = char('0' + integer.divide(10));
    } while (!integer.zero());
    for (int i = 0; i < integer_length_; ++i) integer_[i] = reversed[integer_length_ - 1 - i];
  }
  int integer_length() const { return integer_length_; }
  char next() {
    if (taken_ < integer_length_) return integer_[taken_++];
    fraction_.multiply(10);
    return char('0' + fraction_.take_above(fraction_bits_));
  }
  bool rest_nonzero() const {
    for (int i = taken_; i < integer_length_; ++i) {
      if (integer_[i] != '0') return true;
    }
    return !fraction_.zero();
  }

 private:
  char integer_[312];
  int integer_length_ = 0, taken_ = 0;
  Big fraction_;
  int fraction_bits_ = 0;
};

// Rounds digits[0..count) by the digits that follow; returns true when it carried out of the
// first digit (the digits are then "100...0" and one more is due in front).
bool round_digits(Digits& source, char* digits, int count) {
  char next = source.next();
  bool sticky = source.rest_nonzero();
  bool odd = count > 0 && (digits[count - 1] - '0') % 2 == 1;
  if (next < '5' || (next == '5' && !sticky && !odd)) return false;
  for (int i = count - 1; i >= 0; --i) {
    if (digits[i] != '9') {
      ++digits[i];
      return false;
    }
    digits[i] = '0';
  }
  return true;
}

struct Decimal {
  bool negative;
  int kind;  // 0 finite, 1 infinity, 2 NaN
  uint64_t mantissa;
  int exponent;
};

Decimal decompose(uint64_t bits) {
  Decimal d{bits >> 63 != 0, 0, bits & ((uint64_t(1) << 52) - 1), 0};
  int field = int(bits >> 52 & 0x7ff);
  if (field == 0x7ff) {
    d.kind = d.mantissa ? 2 : 1;
  } else if (field == 0) {
    d.exponent = -1074;
  } else {
    d.mantissa |= uint64_t(1) << 52;
    d.exponent = field - 1075;
  }
  return d;
}

// Fixed notation with `precision` digits after the point, into `text`; returns the length.
int fixed(const Decimal& d, int precision, bool point, char* text) {
  Digits source(d.mantissa, d.exponent);
  int integer = source.integer_length(), count = integer + precision;
  char* digits = text + 1;  // room for a carry
  for (int i = 0; i < count; ++i) digits[i] = source.next();
  if (round_digits(source, digits, count)) {
    digits = text;
    digits[0] = '1';
    ++integer;
  }
  // Move the fraction one to the right to make room for the point.
  int length = integer;
  if (digits != text) {
    for (int i = 0; i < integer; ++i) text[i] = digits[i];
  }
  char* fraction_from = digits + integer;
  if (precision > 0 || point) {
    for (int i = precision - 1; i >= 0; --i) text[integer + 1 + i] = fraction_from[i];
    text[integer] = '.';
    length += 1 + precision;
  }
  return length;
}

// The first `significant` digits and the decimal exponent of the first one.
int scientific_digits(const Decimal& d, int significant, char* digits) {
  if (d.mantissa == 0) {
    for (int i = 0; i < significant; ++i) digits[i] = '0';
    return 0;
  }
  Digits source(d.mantissa, d.exponent);
  int exponent = source.integer_length() - 1;
  char first = source.next();
  while (first == '0') {
    --exponent;
    first = source.next();
  }
  digits[0] = first;
  for (int i = 1; i < significant; ++i) digits[i] = source.next();
  if (round_digits(source, digits, significant)) {
    digits[0] = '1';
    ++exponent;
  }
  return exponent;
}

int scientific(const Decimal& d, int precision, bool point, char letter, char* text) {
  char digits[kMaxPrecision + 2];
  int exponent = scientific_digits(d, precision + 1, digits);
  int length = 0;
  text[length++] = digits[0];
  if (precision > 0 || point) text[length++] = '.';
  for (int i = 1; i <= precision; ++i) text[length++] = digits[i];
  text[length++] = letter;
  text[length++] = exponent < 0 ? '-' : '+';
  unsigned magnitude = unsigned(exponent < 0 ? -exponent : exponent);
  if (magnitude >= 100) text[length++] = char('0' + magnitude / 100);
  text[length++] = char('0' + magnitude / 10 % 10);
  text[length++] = char('0' + magnitude % 10);
  return length;
}

// Drops trailing zeros after the point (and the point itself when nothing is left after it);
// leaves an exponent in place.
int strip_zeros(char* text, int length) {
  int point = -1, exponent = length;
  for (int i = 0; i < length; ++i) {
    if (text[i] == '.') point = i;
    if (text[i] == 'e' || text[i] == 'E') exponent = i;
  }
  if (point < 0) return length;
  int end = exponent;
  while (end > point + 1 && text[end - 1] == '0') --end;
  if (end == point + 1) end = point;
  for (int i = exponent; i < length; ++i) text[end++] = text[i];
  return end;
}

}  // namespace

void write_float(Out& out, const Spec& spec, uint64_t bits) {
  Decimal d = decompose(bits);
  char type = spec.type;
  bool upper = type == 'F' || type == 'E' || type == 'G';
  char text[kMaxPrecision + 330];
  int length = 0;
  bool numeric = true;
  if (d.kind != 0) {
    const char* word = d.kind == 1 ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
    for (; word[length]; ++length) text[length] = word[length];
    numeric = false;
  } else {
    int precision = spec.precision < 0 ? 6 : spec.precision;
    if (precision > kMaxPrecision) precision = kMaxPrecision;
    if (type == 'f' || type == 'F') {
      length = fixed(d, precision, spec.alternate, text);
    } else if (type == 'e' || type == 'E') {
      length = scientific(d, precision, spec.alternate, upper ? 'E' : 'e', text);
    } else {  // general: %g's rule for where the point goes
      int significant = precision == 0 ? 1 : precision;
      char digits[kMaxPrecision + 2];
      int exponent = scientific_digits(d, significant, digits);
      if (exponent >= -4 && exponent < significant) {
        length = fixed(d, significant - 1 - exponent, spec.alternate, text);
      } else {
        length = scientific(d, significant - 1, spec.alternate, upper ? 'E' : 'e', text);
      }
      if (!spec.alternate) length = strip_zeros(text, length);
    }
  }
  char prefix[1];
  size_t prefix_length = 0;
  if (d.negative) prefix[prefix_length++] = '-';
  else if (spec.sign == '+' || spec.sign == ' ') prefix[prefix_length++] = spec.sign;
  Spec padded = spec;
  if (!numeric) padded.zero_pad = false;  // inf and nan are padded with the fill only
  write_padded(out, padded, prefix, prefix_length, text, size_t(length), true);
}

}  // namespace kbuild::format_detail
