#include "console.h"

#include <kbuild/exit_codes.h>

#include "bios.h"
#include "lib.h"

namespace {

constexpr uint16_t kCom1 = 0x3f8;
bool text_mode = true;

void serial_put(char c) {
  for (int i = 0; i < 100000 && !(inb(kCom1 + 5) & 0x20); ++i) {
  }
  outb(kCom1, static_cast<uint8_t>(c));
}

void screen_put(char c) {
  bios_regs regs = {};
  regs.eax = 0x0e00 | static_cast<uint8_t>(c);
  regs.ebx = 0x0007;
  bios_call(0x10, &regs);
}

void put(const char* text) {
  for (; *text; ++text) {
    serial_put(*text);
    if (text_mode) screen_put(*text);
  }
}

}  // namespace

void console_init() {
  outb(kCom1 + 1, 0x00);  // no interrupts
  outb(kCom1 + 3, 0x80);  // divisor latch
  outb(kCom1 + 0, 0x01);  // 115200 baud
  outb(kCom1 + 1, 0x00);
  outb(kCom1 + 3, 0x03);  // 8N1
  outb(kCom1 + 2, 0xc7);  // FIFO on
  outb(kCom1 + 4, 0x03);  // DTR, RTS
}

void console_graphics_mode() { text_mode = false; }

Message& Message::str(const char* text) {
  while (*text && length_ < static_cast<int>(sizeof(text_)) - 1) text_[length_++] = *text++;
  text_[length_] = 0;
  return *this;
}

Message& Message::hex(uint64_t value) {
  char digits[19] = "0x";
  int shift = 60;
  while (shift > 0 && ((value >> shift) & 0xf) == 0) shift -= 4;
  int n = 2;
  for (; shift >= 0; shift -= 4) digits[n++] = "0123456789abcdef"[(value >> shift) & 0xf];
  digits[n] = 0;
  return str(digits);
}

Message& Message::dec(uint64_t value) {
  char digits[21];
  int n = 20;
  digits[n] = 0;
  do {
    digits[--n] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value);
  return str(digits + n);
}

void Message::print() {
  text_[length_] = 0;
  for (const char* p = text_; *p; ++p) serial_put(*p);
  serial_put('\r');
  serial_put('\n');
}

// Under a hypervisor (QEMU started by kbuild has the debug-exit device) the run ends at once
// with KBUILD_EXIT_BOOT_FAILED, so kbuild reports the line instead of waiting for a timeout.
static bool under_hypervisor() {
  uint32_t eax = 1, ebx, ecx, edx;
  asm volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
  return (ecx >> 31) & 1;
}

void Message::fail() {
  text_[length_] = 0;
  put(KBUILD_BOOT_FAILURE_PREFIX);
  put(text_);
  put("\r\n");
  if (under_hypervisor()) outb(KBUILD_DEBUG_EXIT_PORT, KBUILD_EXIT_BOOT_FAILED);
  for (;;) asm volatile("cli; hlt");
}

void fail(const char* text) { Message().str(text).fail(); }
