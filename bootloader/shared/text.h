// A bounded text builder that needs no library: the loaders' messages (common/console.h) and the
// segment rules' (kernel_rules.h) are written with it, so numbers print one way everywhere.
// Header-only and freestanding: <stdint.h> types only.
#ifndef KBUILD_TEXT_H
#define KBUILD_TEXT_H

#include <stdint.h>

namespace kbuild_text {

// Writes into `out` (always NUL-terminated), dropping what does not fit in `capacity` bytes.
class Text {
 public:
  Text(char* out, int capacity) : out_(out), capacity_(capacity) { out_[0] = 0; }
  Text& str(const char* s) {
    while (*s && length_ < capacity_ - 1) out_[length_++] = *s++;
    out_[length_] = 0;
    return *this;
  }
  Text& hex(uint64_t v) {
    char digits[19] = "0x";
    int shift = 60;
    while (shift > 0 && ((v >> shift) & 0xf) == 0) shift -= 4;
    int n = 2;
    for (; shift >= 0; shift -= 4) digits[n++] = "0123456789abcdef"[(v >> shift) & 0xf];
    digits[n] = 0;
    return str(digits);
  }
  Text& dec(uint64_t v) {
    char digits[21];
    int n = 20;
    digits[n] = 0;
    do {
      digits[--n] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    return str(digits + n);
  }

 private:
  char* out_;
  int capacity_;
  int length_ = 0;
};

}  // namespace kbuild_text

#endif
