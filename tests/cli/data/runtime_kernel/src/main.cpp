// Exercises the kbuild runtime: a global constructor, a class with a pure virtual function, a
// function-local static, 128-bit division, float and double arithmetic, and memcpy of a struct.
// Inputs are volatile so the compiler really emits the runtime calls instead of folding them.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

#include <cstdint>
#include <cstring>

namespace {

void report(const char* text) { kbuild_serial_write(text, std::strlen(text)); }

[[noreturn]] void exit_qemu(uint8_t code) {
  __asm__ volatile("outb %0, %1" : : "a"(code), "Nd"(uint16_t(0xf4)));
  kbuild_halt();
}

int g_failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    report("FAIL: ");
    report(what);
    report("\n");
    ++g_failures;
  }
}

volatile int g_seed = 41;

// Global constructor (dynamic: it reads a volatile): must have run before kernel_main.
struct Counter {
  int value;
  Counter() : value(g_seed + 1) {}
};
Counter g_counter;

// An abstract base: its vtable references __cxa_pure_virtual; the virtual destructor makes the
// compiler emit a deleting destructor that references operator delete.
class Shape {
 public:
  virtual ~Shape() = default;
  virtual int sides() const = 0;
};
class Square final : public Shape {
 public:
  int sides() const override { return 4; }
};

int next_id() {
  static int id = g_counter.value;  // guarded: __cxa_guard_acquire/release
  return ++id;
}

struct Packet {
  uint32_t id;
  uint8_t bytes[61];
  double weight;
};

volatile float g_f1 = 1.5f, g_f2 = 0.25f;
volatile double g_d1 = 10.0, g_d2 = 4.0;
volatile long g_long = -7;
volatile unsigned __int128 g_big = (unsigned __int128)1 << 100;
volatile unsigned long g_divisor = 1000000007;

}  // namespace

extern "C" void kernel_main(const kbuild_boot_info*) {
  check(g_counter.value == 42, "global constructor");

  Square square;
  const Shape& shape = square;
  check(shape.sides() == 4, "virtual call");

  check(next_id() == 43 && next_id() == 44, "function-local static");

  unsigned __int128 big = g_big;
  unsigned __int128 quotient = big / g_divisor, remainder = big % g_divisor;
  check(quotient * g_divisor + remainder == big && remainder < g_divisor, "128-bit division");
  __int128 negative = -(__int128)g_big;
  check(negative / 3 == -(__int128)(big / 3), "signed 128-bit division");

  float f = g_f1 * g_f2 + g_f1 / g_f2 - 1.0f;  // 0.375 + 6 - 1
  check(f == 5.375f && f > 5.0f && f < 6.0f, "float arithmetic");
  double d = g_d1 / g_d2 + double(g_long) * 0.5;  // 2.5 - 3.5
  check(d == -1.0 && d < 0.0, "double arithmetic");
  check(int(d * 3.0) == -3 && long(g_f1 * 4.0f) == 6 && float(g_d2) == 4.0f, "conversions");

  Packet a{};
  a.id = 7;
  a.bytes[60] = 0x5a;
  a.weight = g_d1;
  Packet b;
  std::memcpy(&b, &a, sizeof b);
  check(b.id == 7 && b.bytes[60] == 0x5a && b.weight == 10.0 && std::memcmp(&a, &b, sizeof a) == 0,
        "memcpy of a struct");

  report(g_failures == 0 ? "runtime_kernel: ok\n" : "runtime_kernel: failed\n");
  exit_qemu(g_failures == 0 ? 0x10 : 0x11);
}
