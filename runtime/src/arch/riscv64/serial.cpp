// kbuild_serial_write: polled output on the NS16550A UART of QEMU's riscv64 virt machine
// (0x10000000, through the physical memory mapping). There is no screen on riscv64: the serial
// port is the console.
#include <kbuild/runtime.h>
#include <stdint.h>

#include "mmio.h"

namespace {

// 16550 registers, as byte offsets from the base.
constexpr uint64_t kData = 0, kInterruptEnable = 1, kFifoControl = 2, kLineControl = 3,
                   kModemControl = 4, kLineStatus = 5;
constexpr uint8_t kTransmitEmpty = 0x20;

bool g_ready = false;
size_t g_written = 0;  // bytes asked for, so test output can tell whether a case printed

volatile uint8_t* reg(uint64_t offset) { return kbuild_riscv64::mmio(kbuild_riscv64::kUart + offset); }

void init() {
  *reg(kInterruptEnable) = 0x00;  // polled: no UART interrupts
  *reg(kLineControl) = 0x03;      // 8 data bits, no parity, 1 stop bit (QEMU ignores the rate)
  *reg(kFifoControl) = 0xc7;      // FIFOs on and cleared
  *reg(kModemControl) = 0x03;     // DTR + RTS
  g_ready = true;
}

void put(char c) {
  // Bounded wait: a UART that never drains must not hang the kernel.
  for (int spins = 0; spins < 100000 && !(*reg(kLineStatus) & kTransmitEmpty); ++spins) {
  }
  *reg(kData) = uint8_t(c);
}

}  // namespace

extern "C" void kbuild_serial_write(const char* text, size_t length) {
  if (!g_ready) init();
  g_written += length;
  for (size_t i = 0; i < length; ++i) {
    if (text[i] == '\n') put('\r');
    put(text[i]);
  }
}

extern "C" size_t kbuild_serial_bytes_written(void) { return g_written; }
