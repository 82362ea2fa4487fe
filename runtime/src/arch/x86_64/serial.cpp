// The serial port's driver (../../arch.h): polled output on the first PC serial port.
#include <stdint.h>

#include "../../arch.h"

namespace {

constexpr uint16_t kCom1 = 0x3f8;
// 16550 registers, as offsets from the base port.
constexpr uint16_t kData = 0, kInterruptEnable = 1, kDivisorLow = 0, kDivisorHigh = 1;
constexpr uint16_t kFifoControl = 2, kLineControl = 3, kModemControl = 4, kLineStatus = 5;
constexpr uint8_t kTransmitEmpty = 0x20;

bool g_ready = false;

void outb(uint16_t port, uint8_t value) {
  __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}
uint8_t inb(uint16_t port) {
  uint8_t value;
  __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

void init() {
  outb(kCom1 + kInterruptEnable, 0x00);  // polled: no UART interrupts
  outb(kCom1 + kLineControl, 0x80);      // divisor latch access
  outb(kCom1 + kDivisorLow, 1);          // 115200 / 1
  outb(kCom1 + kDivisorHigh, 0);
  outb(kCom1 + kLineControl, 0x03);   // 8 data bits, no parity, 1 stop bit
  outb(kCom1 + kFifoControl, 0xc7);   // FIFOs on and cleared
  outb(kCom1 + kModemControl, 0x03);  // DTR + RTS
  g_ready = true;
}

}  // namespace

extern "C" bool kbuild_arch_serial_ready(void) {
  if (!g_ready) init();
  return true;
}

// A missing UART reads 0xff: the wait is bounded.
extern "C" void kbuild_arch_serial_put(char c) {
  for (int spins = 0; spins < 100000 && !(inb(kCom1 + kLineStatus) & kTransmitEmpty); ++spins) {
    __builtin_ia32_pause();
  }
  outb(kCom1 + kData, uint8_t(c));
}
