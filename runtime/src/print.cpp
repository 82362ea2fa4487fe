// kbuild_vformat: the `{}` placeholders of kbuild::print, println and format_to
// (<kbuild/print.h>), and print's sink, the console.
#include <kbuild/console.h>

#include "format_out.h"

namespace kbuild::format_detail {
namespace {

class Parser {
 public:
  Parser(const char* text, size_t length) : at_(text), end_(text + length) {}
  bool done() const { return at_ == end_; }
  char peek() const { return at_ < end_ ? *at_ : '\0'; }
  char take() { return at_ < end_ ? *at_++ : '\0'; }
  bool take_if(char c) {
    if (peek() != c) return false;
    ++at_;
    return true;
  }
  bool number(int* value) {
    if (peek() < '0' || peek() > '9') return false;
    long v = 0;
    while (peek() >= '0' && peek() <= '9') {
      v = v * 10 + (take() - '0');
      if (v > 100000) v = 100000;
    }
    *value = int(v);
    return true;
  }
  const char* at() const { return at_; }
  void skip_to(const char* p) { at_ = p; }

 private:
  const char* at_;
  const char* end_;
};

bool is_align(char c) { return c == '<' || c == '>' || c == '^'; }

// A width or precision given as `{}` or `{N}` takes the value of that (integer) argument.
bool nested_number(Parser& p, const Arg* args, size_t count, size_t* next_index, int* value) {
  if (!p.take_if('{')) return p.number(value);
  int index;
  size_t i = p.number(&index) ? size_t(index) : (*next_index)++;
  if (!p.take_if('}') || i >= count) return false;
  const Arg& a = args[i];
  if (a.kind == Kind::unsigned_int) *value = a.unsigned_int > 100000 ? 100000 : int(a.unsigned_int);
  else if (a.kind == Kind::signed_int && a.signed_int >= 0)
    *value = a.signed_int > 100000 ? 100000 : int(a.signed_int);
  else return false;
  return true;
}

// Parses `[[fill]align][sign][#][0][width][.precision][type]` up to the closing brace.
bool parse_spec(Parser& p, const Arg* args, size_t count, size_t* next_index, Spec* spec) {
  const char* start = p.at();
  char first = p.take(), second = p.peek();
  if (first != '\0' && first != '{' && first != '}' && is_align(second)) {
    spec->fill = first;
    spec->align = p.take();
  } else if (is_align(first)) {
    spec->align = first;
  } else {
    p.skip_to(start);
  }
  if (p.peek() == '+' || p.peek() == '-' || p.peek() == ' ') spec->sign = p.take();
  if (p.take_if('#')) spec->alternate = true;
  if (p.take_if('0')) spec->zero_pad = true;
  if (p.peek() == '{' || (p.peek() >= '0' && p.peek() <= '9')) {
    if (!nested_number(p, args, count, next_index, &spec->width)) return false;
  }
  if (p.take_if('.')) {
    if (!nested_number(p, args, count, next_index, &spec->precision)) return false;
  }
  if (p.peek() != '}') spec->type = p.take();
  return p.take_if('}');
}

bool type_fits(Kind kind, char type) {
  if (type == 0) return true;
  auto in = [type](const char* set) {
    for (; *set; ++set) {
      if (*set == type) return true;
    }
    return false;
  };
  switch (kind) {
    case Kind::boolean: return in("sdxXbBo");
    case Kind::character: return in("cdxXbBo");
    case Kind::signed_int:
    case Kind::unsigned_int: return in("dxXbBoc");
    case Kind::floating: return in("fFeEgG");
    case Kind::string: return type == 's';
    case Kind::pointer: return type == 'p';
  }
  return false;
}

void write_arg(Out& out, Spec spec, const Arg& a) {
  switch (a.kind) {
    case Kind::boolean:
      if (spec.type == 0 || spec.type == 's') {
        write_string(out, spec, a.boolean ? "true" : "false", a.boolean ? 4 : 5);
      } else {
        write_integer(out, spec, false, a.boolean ? 1 : 0);
      }
      return;
    case Kind::character:
      if (spec.type == 0 || spec.type == 'c') write_char(out, spec, a.character);
      else write_integer(out, spec, false, static_cast<unsigned char>(a.character));
      return;
    case Kind::signed_int:
    case Kind::unsigned_int: {
      bool negative = a.kind == Kind::signed_int && a.signed_int < 0;
      unsigned __int128 magnitude = a.kind == Kind::unsigned_int ? a.unsigned_int
                                    : negative ? -static_cast<unsigned __int128>(a.signed_int)
                                               : static_cast<unsigned __int128>(a.signed_int);
      if (spec.type == 'c') write_char(out, spec, char(magnitude));
      else write_integer(out, spec, negative, magnitude);
      return;
    }
    case Kind::floating: write_float(out, spec, a.float_bits); return;
    case Kind::string: write_string(out, spec, a.string.data, a.string.size); return;
    case Kind::pointer: write_pointer(out, spec, a.pointer); return;
  }
}

}  // namespace
}  // namespace kbuild::format_detail

using namespace kbuild::format_detail;

extern "C" void kbuild_vformat(Sink sink, const char* format, size_t format_length,
                               const Arg* args, size_t count) {
  Out out(sink);
  Parser p(format, format_length);
  size_t next_index = 0;
  while (!p.done()) {
    char c = p.take();
    if (c == '}') {
      p.take_if('}');  // "}}"; a lone '}' prints as itself
      out.put('}');
      continue;
    }
    if (c != '{') {
      out.put(c);
      continue;
    }
    if (p.take_if('{')) {
      out.put('{');
      continue;
    }
    const char* placeholder = p.at();
    int index;
    size_t i = p.number(&index) ? size_t(index) : next_index++;
    Spec spec;
    bool ok = p.take_if('}') ||
              (p.take_if(':') && parse_spec(p, args, count, &next_index, &spec));
    ok = ok && i < count && type_fits(args[i].kind, spec.type);
    if (!ok) {
      // Skip the rest of the broken placeholder and mark the spot.
      p.skip_to(placeholder);
      while (!p.done() && p.take() != '}') {
      }
      out.write("{?}", 3);
      continue;
    }
    write_arg(out, spec, args[i]);
  }
}

extern "C" void kbuild_print_write(void*, const char* text, size_t length) {
  kbuild_console_write(text, length);
}
