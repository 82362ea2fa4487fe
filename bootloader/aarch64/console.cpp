// The loader's output: PL011 writes, and the one error line it ends with (common/console.h's
// Message, for both ways in), then QEMU ends with KBUILD_EXIT_BOOT_FAILED's status through
// semihosting.
#include <kbuild/exit_codes.h>
#include <kbuild/qemu_virt.h>

#include "../common/console.h"
#include "../common/lib.h"
#include "a64.h"

namespace a64 {
namespace {
uint64_t g_uart = KBUILD_VIRT_AARCH64_PL011;  // virt's first UART
void (*g_second_output)(const char*) = nullptr;
constexpr uint64_t kData = 0x00, kFlags = 0x18;
constexpr uint32_t kTransmitFull = 1u << 5;

void put(char c) {
  auto* flags = phys_ptr<volatile uint32_t>(g_uart + kFlags);
  for (int spins = 0; spins < 100000 && (*flags & kTransmitFull); ++spins) {
  }
  *phys_ptr<volatile uint32_t>(g_uart + kData) = static_cast<uint8_t>(c);
}

[[noreturn]] void exit_boot_failed() {
  // Semihosting SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit: QEMU ends with the subcode.
  const uint64_t block[2] = {0x20026, KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)};
  register uint64_t x0 __asm__("x0") = 0x18;
  register const uint64_t* x1 __asm__("x1") = block;
  __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  for (;;) __asm__ volatile("wfi");
}
}  // namespace

void set_uart(uint64_t base) { g_uart = base; }
void set_second_output(void (*write)(const char* text)) { g_second_output = write; }

void write(const char* text) {
  for (; *text; ++text) {
    if (*text == '\n') put('\r');
    put(*text);
  }
}

}  // namespace a64

void Message::print() {
  a64::write(buffer_);
  a64::write("\n");
}

void Message::fail() { ::fail(buffer_); }

void fail(const char* text) {
  a64::write(KBUILD_BOOT_FAILURE_PREFIX);
  a64::write(text);
  a64::write("\n");
  if (a64::g_second_output) {  // the whole line to each output in turn: ConOut may be this UART too
    a64::g_second_output(KBUILD_BOOT_FAILURE_PREFIX);
    a64::g_second_output(text);
    a64::g_second_output("\r\n");
  }
  a64::exit_boot_failed();
}

// The compiler may call these even in freestanding code; no_builtin keeps the loops loops.
extern "C" {
// Whole words where source and destination line up alike: the kernel's segments are copied with
// the MMU off, where every access is a slow device access.
__attribute__((no_builtin)) void* memcpy(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  auto* s = static_cast<const uint8_t*>(src);
  size_t i = 0;
  if (((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 7) == 0) {
    for (; i < n && (reinterpret_cast<uintptr_t>(d + i) & 7); ++i) d[i] = s[i];
    for (; i + 8 <= n; i += 8) *reinterpret_cast<uint64_t*>(d + i) = *reinterpret_cast<const uint64_t*>(s + i);
  }
  for (; i < n; ++i) d[i] = s[i];
  return dst;
}
__attribute__((no_builtin)) void* memmove(void* dst, const void* src, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  auto* s = static_cast<const uint8_t*>(src);
  if (d <= s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
  return dst;
}
__attribute__((no_builtin)) void* memset(void* dst, int value, size_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  uint64_t word = 0x0101010101010101ull * static_cast<uint8_t>(value);
  size_t i = 0;
  for (; i < n && (reinterpret_cast<uintptr_t>(d + i) & 7); ++i) d[i] = static_cast<uint8_t>(value);
  for (; i + 8 <= n; i += 8) *reinterpret_cast<uint64_t*>(d + i) = word;
  for (; i < n; ++i) d[i] = static_cast<uint8_t>(value);
  return dst;
}
__attribute__((no_builtin)) int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const uint8_t*>(a);
  auto* y = static_cast<const uint8_t*>(b);
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}
}
