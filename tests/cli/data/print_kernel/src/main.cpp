// The C++ half: kbuild::format_to checked in place, then print/println on the console, read back
// from the VGA text buffer.
#include <kbuild/boot.h>
#include <kbuild/console.h>
#include <kbuild/print.h>
#include <kbuild/runtime.h>
#include <stdint.h>
#include <string_view>

extern "C" int c_side_check(void);

namespace {

bool same(std::string_view got, std::string_view expected) {
  if (got == expected) return true;
  kbuild::println("FAIL: got '{}', expected '{}'", got, expected);
  return false;
}

template <class... Args>
bool formats(std::string_view expected, std::string_view format, const Args&... args) {
  char buffer[128];
  size_t n = kbuild::format_to(buffer, sizeof buffer, format, args...);
  return same(std::string_view(buffer, n < sizeof buffer ? n : sizeof buffer - 1), expected);
}

// The text on row `row` of the VGA text screen, without trailing blanks.
std::string_view screen_row(const kbuild_boot_info* info, unsigned row, char (&out)[81]) {
  auto* cells = reinterpret_cast<volatile uint16_t*>(info->physical_memory_offset + 0xb8000);
  size_t length = 0;
  for (unsigned c = 0; c < 80; ++c) {
    out[c] = static_cast<char>(cells[row * 80 + c] & 0xff);
    if (out[c] != ' ') length = c + 1;
  }
  return {out, length};
}

}  // namespace

extern "C" void kernel_main(const kbuild_boot_info* info) {
  kbuild_console_init(info);
  volatile double pi = 3.14159265358979;  // kept out of constant folding: soft-float at run time
  int local = 0;
  bool ok = true;
  ok &= formats("42 -7 255 ff 0xff 0b101 17", "{} {} {} {:x} {:#x} {:#b} {:o}", 42, int8_t(-7),
                uint8_t(255), 255, 255, 5, 15u);
  ok &= formats("18446744073709551615 -170141183460469231731687303715884105728", "{} {}",
                UINT64_MAX, static_cast<__int128>(static_cast<unsigned __int128>(1) << 127));
  ok &= formats("[  ab] [ab  ] [*ab*] [0042] true c", "[{:>4}] [{:<4}] [{:*^4}] [{:04}] {} {}",
                "ab", std::string_view("ab"), "ab", 42, true, 'c');
  ok &= formats("3.14159 3.142 3.14e+00 0.1", "{} {:.3f} {:.2e} {}", double(pi), double(pi),
                double(pi), 0.1f);
  char expected_pointer[32];
  kbuild::format_to(expected_pointer, sizeof expected_pointer, "{:#x}",
                    reinterpret_cast<uintptr_t>(&local));
  ok &= formats(expected_pointer, "{}", &local);
  ok &= c_side_check() != 0;

  kbuild::println("print: {} + {} = {}", 40, 2, 42);  // row 0 of the screen (c_side's line is 1)
  kbuild::println("float: {:.2f}", double(pi) * 2);
  char row[81];
  // c_side_check printed first, so the rows are: c printf, print, float.
  ok &= same(screen_row(info, 1, row), "print: 40 + 2 = 42");
  ok &= same(screen_row(info, 2, row), "float: 6.28");
  kbuild::println("print_kernel: {}", ok ? "ok" : "FAIL");
  kbuild_exit(ok ? 0x10 : 0x11);
}
