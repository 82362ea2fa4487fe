// What every part of the aarch64 direct loader shares: the freestanding helpers, the PL011
// error line, big-endian reads for the device tree.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "../shared/text.h"

extern "C" {
void* memcpy(void* dst, const void* src, size_t n);
void* memset(void* dst, int value, size_t n);
void* memmove(void* dst, const void* src, size_t n);
int memcmp(const void* a, const void* b, size_t n);
}

namespace a64 {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kGiB = uint64_t(1) << 30;

inline uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
inline uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

// The loader runs with the MMU off: physical addresses are pointers. Every access is a Device
// access then, so the loader is compiled with -mstrict-align and reads unaligned data bytewise.
template <class T>
T* phys(uint64_t address) {
  return reinterpret_cast<T*>(address);
}

inline uint32_t be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
inline uint64_t be64(const uint8_t* p) { return uint64_t(be32(p)) << 32 | be32(p + 4); }

// The UART the error line goes to: virt's PL011 until the device tree names one.
void set_uart(uint64_t base);
void write(const char* text);
// The error line's second output after the UART (BOOTAA64.EFI: UEFI's ConOut while boot
// services last); none by default.
void set_second_output(void (*write)(const char* text));

// One `kbuild boot: <why>` line on the UART (and the second output), then QEMU ends with KBUILD_EXIT_BOOT_FAILED's
// status through semihosting.
class Message {
 public:
  Message() : text_(buffer_, sizeof buffer_) {}
  Message& str(const char* s) { text_.str(s); return *this; }
  Message& hex(uint64_t v) { text_.hex(v); return *this; }
  Message& dec(uint64_t v) { text_.dec(v); return *this; }
  [[noreturn]] void fail();

 private:
  char buffer_[320];
  kbuild_text::Text text_;
};
[[noreturn]] void fail(const char* text);

}  // namespace a64
