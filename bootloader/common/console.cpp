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

void Message::print() {
  serial_write(buffer_);
  serial_write("\r\n");
}

// Under a hypervisor (QEMU started by kbuild has the debug-exit device) the run ends at once
// with KBUILD_EXIT_BOOT_FAILED, so kbuild reports the line instead of waiting for a timeout.
void Message::fail() {
  // The whole line to each output in turn: the firmware's console may be on COM1 as well.
  serial_write(KBUILD_BOOT_FAILURE_PREFIX);
  serial_write(buffer_);
  serial_write("\r\n");
  platform_console_write(KBUILD_BOOT_FAILURE_PREFIX);
  platform_console_write(buffer_);
  platform_console_write("\r\n");
  if (cpu::under_hypervisor()) outb(KBUILD_DEBUG_EXIT_PORT, KBUILD_EXIT_BOOT_FAILED);
  for (;;) asm volatile("cli; hlt");
}

void fail(const char* text) { Message().str(text).fail(); }
