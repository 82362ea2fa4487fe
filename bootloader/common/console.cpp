#include "console.h"

#include <kbuild/exit_codes.h>

#include "cpu.h"
#include "lib.h"
#include "platform.h"

namespace {

constexpr uint16_t kCom1 = 0x3f8;
// 16550 registers, as offsets from the base port.
constexpr uint16_t kUartData = 0, kUartDivisorLow = 0, kUartInterruptEnable = 1,
                   kUartDivisorHigh = 1, kUartFifoControl = 2, kUartLineControl = 3,
                   kUartModemControl = 4, kUartLineStatus = 5;
constexpr uint8_t kLineControlDivisorLatch = 0x80, kLineControl8N1 = 0x03;
constexpr uint8_t kFifoEnableAndClear = 0xc7, kModemDtrRts = 0x03;
constexpr uint8_t kDivisor115200 = 1;
constexpr uint8_t kLineStatusTransmitEmpty = 0x20;
constexpr int kTransmitPolls = 100000;  // a missing UART must not hang the error path

void serial_put(char c) {
  for (int i = 0; i < kTransmitPolls && !(inb(kCom1 + kUartLineStatus) & kLineStatusTransmitEmpty);
       ++i) {
  }
  outb(kCom1 + kUartData, static_cast<uint8_t>(c));
}

void serial_write(const char* text) {
  for (; *text; ++text) serial_put(*text);
}

}  // namespace

void console_init() {
  outb(kCom1 + kUartInterruptEnable, 0);
  outb(kCom1 + kUartLineControl, kLineControlDivisorLatch);
  outb(kCom1 + kUartDivisorLow, kDivisor115200);
  outb(kCom1 + kUartDivisorHigh, 0);
  outb(kCom1 + kUartLineControl, kLineControl8N1);
  outb(kCom1 + kUartFifoControl, kFifoEnableAndClear);
  outb(kCom1 + kUartModemControl, kModemDtrRts);
}

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
  serial_write(text_);
  serial_write("\r\n");
}

// Under a hypervisor (QEMU started by kbuild has the debug-exit device) the run ends at once
// with KBUILD_EXIT_BOOT_FAILED, so kbuild reports the line instead of waiting for a timeout.
void Message::fail() {
  text_[length_] = 0;
  // The whole line to each output in turn: the firmware's console may be on COM1 as well.
  serial_write(KBUILD_BOOT_FAILURE_PREFIX);
  serial_write(text_);
  serial_write("\r\n");
  platform_console_write(KBUILD_BOOT_FAILURE_PREFIX);
  platform_console_write(text_);
  platform_console_write("\r\n");
  if (cpu::under_hypervisor()) outb(KBUILD_DEBUG_EXIT_PORT, KBUILD_EXIT_BOOT_FAILED);
  for (;;) asm volatile("cli; hlt");
}

void fail(const char* text) { Message().str(text).fail(); }
