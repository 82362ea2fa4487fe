/* Writing test kernels for `kbuild test`. Header only; the C part works from C and C++.
 *
 * Every file that [test] sources matches (by default each .cpp in tests/) is its own test kernel: it
 * is linked with the kernel's sources except [kernel] entry (the file with the kernel's own
 * kernel_main) and with the runtime, so the test file provides kernel_main. kbuild boots each
 * test kernel in QEMU and judges it by how QEMU ends:
 *
 *   kbuild_test_pass()   writes 0x10 to the debug-exit port: QEMU exits with status 33, the
 *                        default [test] success-exit-code. The test passed.
 *   kbuild_test_fail()   writes 0x11: status 35. The test failed.
 *   anything else        failed too: returning from kernel_main or kbuild_halt() (QEMU powers
 *                        off, status 0), a triple fault, a panic, or a hang until [test] timeout.
 *
 * Output goes to COM1 (kbuild keeps it in build/<profile>/tests/NAME.serial.log and shows its
 * tail when the test fails).
 *
 * Several cases in one kernel (C++):
 *
 *   #include <kbuild/test.h>
 *
 *   KBUILD_TEST(adds) { KBUILD_ASSERT_EQ(1 + 1, 2); }
 *   KBUILD_TEST(maps_the_kernel) { KBUILD_ASSERT(info->kernel_virtual != 0); }
 *
 *   extern "C" void kernel_main(const kbuild_boot_info* info) { kbuild::run_tests(); }
 *
 * run_tests() runs the cases in the order they were written (files in link order), prints
 * `test NAME ... ok [CYCLES cycles]` or `test NAME ... FAILED` for each (the line written again
 * whole when the case printed something), and ends the run with pass or fail. kbuild reports
 * each case as KERNEL::CASE; a case that never finishes (a fault, a panic, a hang) fails with
 * what stopped the kernel and the cases after it are "not run". When the kernel's command line
 * holds `kbuild.test=A,B` (kbuild adds it for `kbuild test FILTER`), only cases A and B run.
 * KBUILD_TEST_SHOULD_PANIC(NAME) defines a case that passes only by calling kbuild_panic.
 * Each case also leaves its name in the ELF section .kbuild.tests, for `kbuild test --list`.
 * KBUILD_ASSERT* print `FILE:LINE: expected ...` and end the current case (they `return`, so
 * use them in functions returning void); KBUILD_EXPECT* print the same and let the case go on.
 * Outside a case (straight in kernel_main) a failed assertion fails the whole kernel at once.
 * The QEMU exit codes are fixed here; if kernel.toml changes success-exit-code, call
 * kbuild_exit() with the matching value instead of kbuild_test_pass(). */
#ifndef KBUILD_TEST_H
#define KBUILD_TEST_H

#include <kbuild/exit_codes.h>
#include <kbuild/runtime.h>
#include <stddef.h>
#include <stdint.h>

/* What a test kernel writes to the debug-exit port; QEMU exits with (value << 1) | 1. */
#define KBUILD_TEST_PASS_VALUE KBUILD_EXIT_PASS /* status 33 */
#define KBUILD_TEST_FAIL_VALUE KBUILD_EXIT_FAIL /* status 35 */

/* Prints a NUL-terminated string on COM1. */
static inline void kbuild_test_print(const char* text) {
  size_t n = 0;
  while (text[n] != '\0') ++n;
  kbuild_serial_write(text, n);
}

#ifdef __cplusplus
#define KBUILD_TEST_NORETURN_ [[noreturn]]
#else
#define KBUILD_TEST_NORETURN_ _Noreturn
#endif
KBUILD_TEST_NORETURN_ static inline void kbuild_test_pass(void) { kbuild_exit(KBUILD_TEST_PASS_VALUE); }
KBUILD_TEST_NORETURN_ static inline void kbuild_test_fail(void) { kbuild_exit(KBUILD_TEST_FAIL_VALUE); }
#undef KBUILD_TEST_NORETURN_

#ifdef __cplusplus

#include <kbuild/boot.h>

extern "C" const kbuild_boot_info* kbuild_entry_boot_info;  // set by the runtime's start

namespace kbuild {

// Runs every selected KBUILD_TEST case, then passes when all passed and fails otherwise.
[[noreturn]] inline void run_tests();

namespace test_detail {

struct Case {
  const char* name;
  void (*body)();
  bool should_panic;
  Case* next;
};

// The registry is a list threaded through the cases themselves: no heap needed.
inline Case* g_first = nullptr;
inline Case* g_last = nullptr;
inline Case* g_current = nullptr;  // the case running now; null outside run_tests
// Where an expected panic returns to: clang's builtins on x86_64; on aarch64 and riscv64, which
// clang 14 lacks them for, the runtime's own (runtime/src/arch/<arch>/jump.S).
#if defined(__aarch64__) || defined(__riscv)
extern "C" int kbuild_arch_setjmp(void** buffer) __attribute__((returns_twice));
extern "C" [[noreturn]] void kbuild_arch_longjmp(void** buffer);
#define KBUILD_SETJMP(buffer) kbuild_arch_setjmp(buffer)
#define KBUILD_LONGJMP(buffer) kbuild_arch_longjmp(buffer)
#else
#define KBUILD_SETJMP(buffer) __builtin_setjmp(buffer)
#define KBUILD_LONGJMP(buffer) __builtin_longjmp(buffer, 1)
#endif
inline bool g_current_failed = false;
inline size_t g_serial_mark = 0;   // serial bytes written when the current case's line began
inline void* g_panic_jump[16];     // where an expected panic returns to (KBUILD_SETJMP)

struct Registrar {
  explicit Registrar(Case* c) {
    (g_last ? g_last->next : g_first) = c;
    g_last = c;
  }
};

inline void print_unsigned(unsigned long long value) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = char('0' + value % 10);
    value /= 10;
  } while (value != 0);
  char text[24];
  for (int i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
  kbuild_serial_write(text, size_t(n));
}

inline void print_value(bool value) { kbuild_test_print(value ? "true" : "false"); }
inline void print_value(char value) {
  char text[3] = {'\'', value, '\''};
  kbuild_serial_write(text, sizeof text);
}
inline void print_value(decltype(nullptr)) { kbuild_test_print("nullptr"); }
inline void print_value(const char* value) { kbuild_test_print(value ? value : "(null)"); }
inline void print_value(const void* value) {
  static const char hex[] = "0123456789abcdef";
  char text[18] = {'0', 'x'};
  uintptr_t bits = reinterpret_cast<uintptr_t>(value);
  for (int i = 0; i < 16; ++i) text[2 + i] = hex[(bits >> (60 - 4 * i)) & 0xf];
  kbuild_serial_write(text, sizeof text);
}
template <class T>
inline void print_value(const T& value) {
  if constexpr (__is_enum(T)) {
    print_value(static_cast<long long>(value));
  } else if constexpr (__is_pointer(T)) {
    print_value(static_cast<const void*>(value));
  } else if constexpr (T(-1) < T(0)) {
    long long v = static_cast<long long>(value);
    if (v < 0) kbuild_test_print("-");
    print_unsigned(v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v));
  } else {
    print_unsigned(static_cast<unsigned long long>(value));
  }
}

// The CPU's cycle or tick counter: the TSC on x86_64, the virtual counter on aarch64, the time
// CSR on riscv64.
inline unsigned long long read_tsc() {
#if defined(__x86_64__)
  unsigned low, high;
  __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
  return (static_cast<unsigned long long>(high) << 32) | low;
#elif defined(__aarch64__)
  unsigned long long ticks;
  __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(ticks));
  return ticks;
#elif defined(__riscv)
  unsigned long long ticks;
  __asm__ volatile("rdtime %0" : "=r"(ticks));
  return ticks;
#else
  return 0;
#endif
}

// Ends the current case's "test NAME ... " line with `verdict`. When the case printed anything
// after that line began, the line is written again whole, so that kbuild always finds
// `test NAME ... ok` or `test NAME ... FAILED` on one line.
inline void close_case_line(const char* verdict) {
  if (kbuild_serial_bytes_written() != g_serial_mark) {
    kbuild_test_print("\ntest ");
    kbuild_test_print(g_current->name);
    kbuild_test_print(" ... ");
  }
  kbuild_test_print(verdict);
}

// Starts a failure message: the first failure of a case closes its "test NAME ... " line.
inline void begin_failure(const char* file, int line) {
  if (g_current != nullptr && !g_current_failed) close_case_line("FAILED\n");
  if (g_current != nullptr) g_current_failed = true;
  kbuild_test_print("  ");
  kbuild_test_print(file);
  kbuild_test_print(":");
  print_unsigned(static_cast<unsigned long long>(line));
  kbuild_test_print(": expected ");
}

// Ends a failure message. Outside a case there is nothing to go on with: the kernel fails.
inline void end_failure() {
  kbuild_test_print("\n");
  if (g_current == nullptr) kbuild_test_fail();
}

inline void fail_condition(const char* file, int line, const char* condition) {
  begin_failure(file, line);
  kbuild_test_print(condition);
  end_failure();
}

template <class A, class B>
inline void fail_compare(const char* file, int line, const char* left, const char* op,
                         const char* right, const A& a, const B& b) {
  begin_failure(file, line);
  kbuild_test_print(left);
  kbuild_test_print(" ");
  kbuild_test_print(op);
  kbuild_test_print(" ");
  kbuild_test_print(right);
  kbuild_test_print(", got ");
  print_value(a);
  kbuild_test_print(" and ");
  print_value(b);
  end_failure();
}

// Not "panic: ...", which kbuild would read as the kernel's failure.
[[noreturn]] inline void on_expected_panic(const char* message) {
  kbuild_test_print("panicked as expected: ");
  kbuild_test_print(message);
  kbuild_test_print("\n");
  KBUILD_LONGJMP(g_panic_jump);
}

// The selection kbuild passes on the command line: `kbuild.test=NAME,NAME`. No such word: every
// case runs.
inline const char* selection() {
  if (kbuild_entry_boot_info == nullptr) return nullptr;
  const char* text = reinterpret_cast<const char*>(kbuild_entry_boot_info->cmdline);
  if (text == nullptr) return nullptr;
  static const char key[] = "kbuild.test=";
  for (const char* at = text; *at != '\0'; ++at) {
    if (at != text && at[-1] != ' ') continue;
    size_t n = 0;
    while (key[n] != '\0' && at[n] == key[n]) ++n;
    if (key[n] == '\0') return at + n;
  }
  return nullptr;
}

inline bool selected(const char* list, const char* name) {
  if (list == nullptr) return true;
  const char* at = list;
  while (*at != '\0' && *at != ' ') {
    size_t n = 0;
    while (name[n] != '\0' && at[n] == name[n]) ++n;
    if (name[n] == '\0' && (at[n] == ',' || at[n] == ' ' || at[n] == '\0')) return true;
    while (*at != '\0' && *at != ' ' && *at != ',') ++at;
    if (*at == ',') ++at;
  }
  return false;
}

// Runs one case; true when it passed. A should-panic case passes by panicking: the runtime's
// kbuild_panic calls the hook, which jumps back here.
inline bool run_case(Case* c) {
  kbuild_test_print("test ");
  kbuild_test_print(c->name);
  kbuild_test_print(" ... ");
  g_serial_mark = kbuild_serial_bytes_written();
  g_current = c;
  g_current_failed = false;
  unsigned long long started = read_tsc();
  bool panicked = false;
  if (c->should_panic) {
    kbuild_panic_hook = on_expected_panic;
    if (KBUILD_SETJMP(g_panic_jump) == 0)
      c->body();
    else
      panicked = true;
    kbuild_panic_hook = nullptr;
    if (!panicked && !g_current_failed) {
      close_case_line("FAILED\n");
      g_current_failed = true;
      kbuild_test_print("  expected a panic, but the case returned\n");
    }
  } else {
    c->body();
  }
  unsigned long long cycles = read_tsc() - started;
  if (!g_current_failed) close_case_line("ok");
  if (!g_current_failed) {  // the time goes on the ok line; a failed line ended already
    kbuild_test_print(" [");
    print_unsigned(cycles);
    kbuild_test_print(" cycles]\n");
  }
  g_current = nullptr;
  return !g_current_failed;
}

}  // namespace test_detail

[[noreturn]] inline void run_tests() {
  using namespace test_detail;
  const char* list = selection();
  unsigned passed = 0, failed = 0, count = 0;
  for (Case* c = g_first; c != nullptr; c = c->next) count += selected(list, c->name);
  kbuild_test_print("running ");
  print_unsigned(count);
  kbuild_test_print(count == 1 ? " test\n" : " tests\n");
  for (Case* c = g_first; c != nullptr; c = c->next) {
    if (!selected(list, c->name)) continue;
    // The line starts before the case runs, so a case that crashes or hangs is the last named.
    if (run_case(c))
      ++passed;
    else
      ++failed;
  }
  kbuild_test_print(failed ? "test result: FAILED. " : "test result: ok. ");
  print_unsigned(passed);
  kbuild_test_print(" passed; ");
  print_unsigned(failed);
  kbuild_test_print(" failed\n");
  if (failed) kbuild_test_fail();
  kbuild_test_pass();
  __builtin_unreachable();
}

}  // namespace kbuild

// Each case also leaves a record in the ELF section .kbuild.tests (not loaded, never collected
// by --gc-sections): "NAME" or "NAME should-panic", NUL-terminated, read by `kbuild test --list`.
#define KBUILD_TEST_RECORD_(name, kind)                                                       \
  __asm__(".pushsection .kbuild.tests,\"\",@progbits\n.asciz \"" #name kind "\"\n.popsection\n")

#define KBUILD_TEST_DEFINE_(name, should_panic, kind)                                          \
  KBUILD_TEST_RECORD_(name, kind);                                                             \
  static void kbuild_test_body_##name();                                                       \
  static ::kbuild::test_detail::Case kbuild_test_case_##name{#name, kbuild_test_body_##name,   \
                                                             should_panic, nullptr};           \
  static ::kbuild::test_detail::Registrar kbuild_test_registrar_##name{&kbuild_test_case_##name}; \
  static void kbuild_test_body_##name()

#define KBUILD_TEST(name) KBUILD_TEST_DEFINE_(name, false, "")
// A case that passes only by calling kbuild_panic (directly or deep down); returning fails it.
#define KBUILD_TEST_SHOULD_PANIC(name) KBUILD_TEST_DEFINE_(name, true, " should-panic")

#define KBUILD_EXPECT(condition)                                                 \
  do {                                                                           \
    if (!(condition)) ::kbuild::test_detail::fail_condition(__FILE__, __LINE__, #condition); \
  } while (0)

#define KBUILD_ASSERT(condition)                                                 \
  do {                                                                           \
    if (!(condition)) {                                                          \
      ::kbuild::test_detail::fail_condition(__FILE__, __LINE__, #condition);     \
      return;                                                                    \
    }                                                                            \
  } while (0)

#define KBUILD_TEST_COMPARE_(a, op, b, on_failure)                                            \
  do {                                                                                        \
    const auto& kbuild_a_ = (a);                                                              \
    const auto& kbuild_b_ = (b);                                                              \
    if (!(kbuild_a_ op kbuild_b_)) {                                                          \
      ::kbuild::test_detail::fail_compare(__FILE__, __LINE__, #a, #op, #b, kbuild_a_, kbuild_b_); \
      on_failure;                                                                             \
    }                                                                                         \
  } while (0)

#define KBUILD_ASSERT_EQ(a, b) KBUILD_TEST_COMPARE_(a, ==, b, return)
#define KBUILD_ASSERT_NE(a, b) KBUILD_TEST_COMPARE_(a, !=, b, return)
#define KBUILD_ASSERT_LT(a, b) KBUILD_TEST_COMPARE_(a, <, b, return)
#define KBUILD_EXPECT_EQ(a, b) KBUILD_TEST_COMPARE_(a, ==, b, (void)0)
#define KBUILD_EXPECT_NE(a, b) KBUILD_TEST_COMPARE_(a, !=, b, (void)0)

#else /* C: one check that fails the kernel at once. */

#define KBUILD_TEST_STRING_(x) #x
#define KBUILD_TEST_LINE_(x) KBUILD_TEST_STRING_(x)
#define KBUILD_ASSERT(condition)                                                          \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      kbuild_test_print("  " __FILE__ ":" KBUILD_TEST_LINE_(__LINE__) ": expected " #condition "\n"); \
      kbuild_test_fail();                                                                 \
    }                                                                                     \
  } while (0)

#endif
#endif
