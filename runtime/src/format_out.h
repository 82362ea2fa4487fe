// The pieces print.cpp ({} placeholders) and printf.cpp (% conversions) share: a buffered writer
// over a Sink, the parsed form of one placeholder, and the writers for each kind of value.
#ifndef KBUILD_RUNTIME_FORMAT_OUT_H
#define KBUILD_RUNTIME_FORMAT_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "../include/kbuild/print.h"

namespace kbuild::format_detail {

// One placeholder's options, in std::format's terms; printf's flags map onto the same fields.
struct Spec {
  char fill = ' ';
  char align = 0;  // '<', '>', '^', or 0: numbers right, the rest left
  char sign = '-';  // '-', '+' or ' '
  bool alternate = false;  // '#'
  bool zero_pad = false;   // '0'
  bool c_rules = false;    // printf: no 0x for zero, precision is integers' minimum digit count
  int width = 0;
  int precision = -1;  // -1: none given
  char type = 0;       // the conversion letter, 0 for the default
};

// The longest precision honoured; more is taken as this many (keeps the buffers on the stack).
constexpr int kMaxPrecision = 80;

// Collects output in a small buffer and hands it to the sink in pieces; counts what it wrote.
class Out {
 public:
  explicit Out(Sink sink) : sink_(sink) {}
  ~Out() { flush(); }
  Out(const Out&) = delete;
  Out& operator=(const Out&) = delete;

  void put(char c) {
    if (used_ == sizeof(buffer_)) flush();
    buffer_[used_++] = c;
    ++total_;
  }
  void write(const char* text, size_t length) {
    for (size_t i = 0; i < length; ++i) put(text[i]);
  }
  void repeat(char c, size_t count) {
    for (size_t i = 0; i < count; ++i) put(c);
  }
  void flush() {
    if (used_ != 0) sink_.write(sink_.context, buffer_, used_);
    used_ = 0;
  }
  size_t total() const { return total_; }

 private:
  Sink sink_;
  char buffer_[128];
  size_t used_ = 0, total_ = 0;
};

// Writes prefix + body padded to the width: `numeric` values align right by default and take
// zero padding between prefix and body.
void write_padded(Out& out, const Spec& spec, const char* prefix, size_t prefix_length,
                  const char* body, size_t body_length, bool numeric);
void write_string(Out& out, const Spec& spec, const char* text, size_t length);
void write_char(Out& out, const Spec& spec, char c);
// Types d, x, X, b, B, o (0 = d).
void write_integer(Out& out, const Spec& spec, bool negative, unsigned __int128 magnitude);
// Types f, F, e, E, g, G (0 = general without trailing zeros), from binary64 bits.
void write_float(Out& out, const Spec& spec, uint64_t bits);
void write_pointer(Out& out, const Spec& spec, const void* pointer);

}  // namespace kbuild::format_detail

#endif
