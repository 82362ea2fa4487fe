// The kernel runtime's formatting (runtime/src/print.cpp, printf.cpp, format_*.cpp), compiled for
// the host: printf/snprintf under renamed symbols, compared with the host C library on the same
// conversions (millions of random doubles included), and kbuild::print/format_to's placeholders.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cwchar>
#include <limits>
#include <random>
#include <string>

#define KBUILD_RT_NAME(name) kbt_##name
#include "../../runtime/src/format_float.cpp"
#include "../../runtime/src/format_out.cpp"
#include "../../runtime/src/print.cpp"
#include "../../runtime/src/printf.cpp"

namespace {
std::string g_console;  // what the runtime wrote to the console
}  // namespace

extern "C" void kbuild_console_write(const char* text, size_t length) {
  g_console.append(text, length);
}

namespace {

template <class... Args>
std::string ours(const char* format, Args... args) {
  char buffer[512];
  int n = kbt_snprintf(buffer, sizeof buffer, format, args...);
  EXPECT_EQ(size_t(n), std::strlen(buffer)) << format;
  return buffer;
}

template <class... Args>
std::string host(const char* format, Args... args) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, args...);
  return buffer;
}

#define EXPECT_LIKE_HOST(...) EXPECT_EQ(ours(__VA_ARGS__), host(__VA_ARGS__))

template <class... Args>
std::string fmt(std::string_view format, const Args&... args) {
  char buffer[512];
  size_t n = kbuild::format_to(buffer, sizeof buffer, format, args...);
  EXPECT_EQ(n, std::strlen(buffer)) << format;
  return buffer;
}

TEST(RuntimePrintf, IntegersMatchTheHost) {
  EXPECT_LIKE_HOST("%d %i %u", 42, -42, 42u);
  EXPECT_LIKE_HOST("%d %d", INT_MIN, INT_MAX);
  EXPECT_LIKE_HOST("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
  EXPECT_LIKE_HOST("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
  EXPECT_LIKE_HOST("%zu %zd %jd %td", size_t(12), ssize_t(-3), intmax_t(-9), ptrdiff_t(-7));
  EXPECT_LIKE_HOST("%x %X %o %#x %#X %#o %#x %#o", 0xbeefu, 0xbeefu, 8u, 255u, 255u, 8u, 0u, 0u);
  EXPECT_LIKE_HOST("[%5d] [%-5d] [%05d] [%+d] [% d] [%+05d] [%-+5d]", 42, 42, 42, 42, 42, -42, 7);
  EXPECT_LIKE_HOST("[%.3d] [%8.3d] [%-8.3x] [%08.3d] [%.0d] [%.0x] [%#.0o]", 7, -7, 10u, 5, 0, 0u, 0u);
  EXPECT_LIKE_HOST("[%*d] [%-*d] [%.*d] [%*d]", 6, 1, 6, 2, 4, 3, -6, 4);
  EXPECT_LIKE_HOST("[%c] [%3c] [%-3c] [%%]", 'a', 'b', 'c');
  // '+' and ' ' are for signed conversions: unsigned ones ignore them
  EXPECT_LIKE_HOST("[%+x] [% x] [%+o] [%+u] [% X]", 255u, 255u, 8u, 7u, 171u);
}

TEST(RuntimePrintf, PercentNStoresTheCountAndLaterArgumentsStayInPlace) {
  int n = -1;
  long ln = -1;
  signed char hhn = -1;
  EXPECT_EQ(ours("ab%ncd%ln%s%hhn|%d", &n, &ln, "xyz", &hhn, 7), "abcdxyz|7");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(ln, 4);
  EXPECT_EQ(hhn, 7);
}

TEST(RuntimePrintf, WideCharactersPrintAsOneByteEach) {
  EXPECT_EQ(ours("[%ls] [%.2ls] [%lc] [%5ls]", L"kern", L"kern", wint_t(L'x'), L"ab"),
            "[kern] [ke] [x] [   ab]");
  EXPECT_EQ(ours("%ls", L"caf\u00e9"), "caf?");
}

TEST(RuntimePrintf, AnUnsupportedConversionPrintsTheRestAsWritten) {
  EXPECT_EQ(ours("%d %Lf %d %s", 1, 2.0L, 3, "x"), "1 %Lf %d %s");
}

TEST(RuntimePrintf, StringsAndPointersMatchTheHost) {
  EXPECT_LIKE_HOST("[%s] [%8s] [%-8s] [%.2s] [%8.3s] [%*s]", "kern", "kern", "kern", "kern",
                   "kernel", 6, "ab");
  int x = 0;
  EXPECT_LIKE_HOST("%p", static_cast<void*>(&x));
  EXPECT_LIKE_HOST("[%20p] [%-20p]", static_cast<void*>(&x), static_cast<void*>(&x));
  EXPECT_EQ(ours("%s", static_cast<const char*>(nullptr)), "(null)");
  EXPECT_EQ(ours("%p", static_cast<void*>(nullptr)), "0x0");
}

TEST(RuntimePrintf, FloatEdgeCasesMatchTheHost) {
  const double values[] = {0.0, -0.0, 1.0, -1.5, 0.5, 1.5, 2.5, 0.125, 0.1, 1e-5, 123456.789,
                           9.9999995, 999999.5, 1e15, 1e16, 1e17, 1e22, 1e23, 1.7976931348623157e308,
                           4.9406564584124654e-324, 2.2250738585072014e-308, 3.14159265358979,
                           0.0001, 0.00001234, 100.0, 1e100, 5e-310,
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()};
  const char* formats[] = {"%f", "%.0f", "%.1f", "%.3f", "%.17f", "%.40f", "%e", "%.0e", "%.3e",
                           "%.16E", "%g", "%.0g", "%.1g", "%.3g", "%.17g", "%G", "%#g", "%#.0f",
                           "%#.0e", "%+f", "% e", "%12.3f", "%-12.3e|", "%012.3f", "%+012.2e",
                           "%F", "%20g", "%-20G|"};
  for (double v : values) {
    for (const char* f : formats) {
      if (v == 999999.5 && std::strcmp(f, "%#g") == 0) continue;  // glibc drops the zeros here
      EXPECT_EQ(ours(f, v), host(f, v)) << f << " of " << v;
    }
  }
  // C17 7.21.6.1: P = 6 > X = 6 fails, so style e with precision 5, and '#' keeps the zeros.
  EXPECT_EQ(ours("%#g", 999999.5), "1.00000e+06");
  EXPECT_EQ(ours("%f %F %e", NAN, NAN, NAN), "nan NAN nan");
  EXPECT_LIKE_HOST("[%8f] [%-8f] [%08f]", INFINITY, -INFINITY, INFINITY);
}

TEST(RuntimePrintf, RandomDoublesMatchTheHostExactly) {
  std::mt19937_64 rng(2026);
  const char* formats[] = {"%.17e", "%.6f", "%g", "%.20g", "%.3e", "%.0f"};
  for (int i = 0; i < 120000; ++i) {
    uint64_t bits = rng();
    if ((bits >> 52 & 0x7ff) == 0x7ff) continue;
    double v;
    std::memcpy(&v, &bits, sizeof v);
    const char* f = formats[i % 6];
    if (f[2] == '6' && std::fabs(v) > 1e30) continue;  // keep %f short
    ASSERT_EQ(ours(f, v), host(f, v)) << f << " of bits " << std::hex << bits;
  }
  // Floats widen exactly, as the C default promotions do.
  std::mt19937 rng32(7);
  for (int i = 0; i < 100000; ++i) {
    uint32_t bits = rng32();
    float v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) continue;
    ASSERT_EQ(ours("%.9g", double(v)), host("%.9g", double(v)));
  }
}

TEST(RuntimePrintf, CutsToTheBufferAndReportsTheFullLength) {
  char buffer[8];
  std::memset(buffer, 'x', sizeof buffer);
  EXPECT_EQ(kbt_snprintf(buffer, 5, "%s-%d", "abcdef", 12), 9);
  EXPECT_STREQ(buffer, "abcd");
  EXPECT_EQ(buffer[5], 'x') << "wrote past the size";
  EXPECT_EQ(kbt_snprintf(nullptr, 0, "%d", 12345), 5);
  EXPECT_EQ(kbt_sprintf(buffer, "%x", 0xabcu), 3);
  EXPECT_STREQ(buffer, "abc");
  EXPECT_EQ(ours("%q %5"), "%q %5") << "unknown conversions print as written";
}

TEST(RuntimePrintf, PrintfAndPutsGoToTheConsole) {
  g_console.clear();
  EXPECT_EQ(kbt_printf("%s %d\n", "pages", 12), 9);
  kbt_puts("done");
  kbt_putchar('!');
  EXPECT_EQ(g_console, "pages 12\ndone\n!");
}

TEST(RuntimePrint, IntegersOfEveryWidthAndBase) {
  EXPECT_EQ(fmt("{} {} {} {}", int8_t(-128), uint8_t(255), int16_t(-32768), uint16_t(65535)),
            "-128 255 -32768 65535");
  EXPECT_EQ(fmt("{} {}", INT64_MIN, UINT64_MAX), "-9223372036854775808 18446744073709551615");
  __int128 big = static_cast<__int128>(1) << 100;
  EXPECT_EQ(fmt("{} {}", big, -big),
            "1267650600228229401496703205376 -1267650600228229401496703205376");
  EXPECT_EQ(fmt("{}", ~static_cast<unsigned __int128>(0)), "340282366920938463463374607431768211455");
  EXPECT_EQ(fmt("{:x} {:X} {:#x} {:b} {:#b} {:o} {:#o} {:#o}", 255, 255, 255, 5, 5, 8, 8, 0),
            "ff FF 0xff 101 0b101 10 010 0");
  EXPECT_EQ(fmt("{:#x} {:x}", 0, -255), "0x0 -ff");
  EXPECT_EQ(fmt("{:08b} {:#010x} {:+} {: } {:+}", 5, 0xbeef, 3, 3, -3), "00000101 0x0000beef +3  3 -3");
  EXPECT_EQ(fmt("[{:6}] [{:<6}] [{:^6}] [{:*>6}] [{:_^7}]", 42, 42, 42, 42, 42),
            "[    42] [42    ] [  42  ] [****42] [__42___]");
  EXPECT_EQ(fmt("{:c}", 65), "A");
  enum class Color : uint8_t { red = 3 };
  EXPECT_EQ(fmt("{}", Color::red), "3");
}

TEST(RuntimePrint, StringsCharsBoolsAndPointers) {
  const char* text = "kernel";
  char array[] = "array";
  std::string_view view("view!", 4);
  EXPECT_EQ(fmt("{} {} {} {}", text, array, view, "literal"), "kernel array view literal");
  EXPECT_EQ(fmt("[{:8}] [{:>8}] [{:^8}] [{:.3}] [{:-^10.2}]", "ab", "ab", "ab", text, text),
            "[ab      ] [      ab] [   ab   ] [ker] [----ke----]");
  EXPECT_EQ(fmt("{} {} {:d} {} {:d} {:x}", true, false, true, 'x', 'x', 'x'), "true false 1 x 120 78");
  EXPECT_EQ(fmt("[{:3}] [{:>3}]", 'c', true), "[c  ] [true]");
  int x = 0;
  char expected[64];
  std::snprintf(expected, sizeof expected, "%p", static_cast<void*>(&x));
  EXPECT_EQ(fmt("{}", &x), expected);
  EXPECT_EQ(fmt("{:p}", static_cast<const void*>(&x)), expected);
  EXPECT_EQ(fmt("{} {}", nullptr, static_cast<const char*>(nullptr)), "0x0 (null)");
}

TEST(RuntimePrint, Floats) {
  EXPECT_EQ(fmt("{} {} {} {} {}", 3.14159, 0.1, 1.0, 1e20, -0.0), "3.14159 0.1 1 1e+20 -0");
  EXPECT_EQ(fmt("{} {}", 1.5f, 0.1f), "1.5 0.1");
  EXPECT_EQ(fmt("{:.3f} {:.2e} {:.3} {:f} {:E}", 3.14159, 12345.678, 2.0 / 3, 2.5, 1e-7),
            "3.142 1.23e+04 0.667 2.500000 1.000000E-07");
  EXPECT_EQ(fmt("[{:10.2f}] [{:<10.2f}] [{:^10.1f}] [{:+010.2f}] [{:#.0f}]", 3.14159, 3.14159,
                2.5, 3.14159, 2.0),
            "[      3.14] [3.14      ] [   2.5    ] [+000003.14] [2.]");
  EXPECT_EQ(fmt("{} {} {:F}", std::numeric_limits<double>::infinity(), NAN,
                -std::numeric_limits<double>::infinity()),
            "inf nan -INF");
}

TEST(RuntimePrint, PositionsNestedWidthsAndBraces) {
  EXPECT_EQ(fmt("{1} {0} {1}", "a", "b"), "b a b");
  EXPECT_EQ(fmt("[{:{}}] [{:.{}f}]", 7, 4, 3.14159, 2), "[   7] [3.14]");
  EXPECT_EQ(fmt("{{}} {{{}}}", 5), "{} {5}");
  EXPECT_EQ(fmt("no arguments"), "no arguments");
}

TEST(RuntimePrint, MistakesAreMarkedNotFatal) {
  EXPECT_EQ(fmt("{} {}", 1), "1 {?}") << "a placeholder without an argument";
  EXPECT_EQ(fmt("{:q} {}", 1, 2), "{?} 2") << "a type the argument does not have";
  EXPECT_EQ(fmt("{:f}", "text"), "{?}");
  EXPECT_EQ(fmt("{5}", 1), "{?}");
  EXPECT_EQ(fmt("{", 1), "{?}");
  EXPECT_EQ(fmt("a}b", 1), "a}b");
}

TEST(RuntimePrint, FormatToCutsAndPrintGoesToTheConsole) {
  char buffer[6];
  EXPECT_EQ(kbuild::format_to(buffer, sizeof buffer, "{}-{}", 1234, 5678), 9u);
  EXPECT_STREQ(buffer, "1234-");
  EXPECT_EQ(kbuild::format_to(nullptr, 0, "{}", 99), 2u);
  g_console.clear();
  kbuild::print("{} + {}", 1, 2);
  kbuild::println(" = {}", 3);
  kbuild::println("{:x}", 255);
  EXPECT_EQ(g_console, "1 + 2 = 3\nff\n");
}

}  // namespace
