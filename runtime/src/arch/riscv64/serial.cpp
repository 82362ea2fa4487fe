// The serial port's driver (../../arch.h): polled output on the NS16550A UART of QEMU's riscv64
// virt machine (<kbuild/qemu_virt.h>, through the physical memory mapping). There is no screen
// on riscv64: the serial port is the console.
#include <stdint.h>

#include "../../arch.h"
#include "mmio.h"

namespace {

// 16550 registers, as byte offsets from the base.
constexpr uint64_t kData = 0, kInterruptEnable = 1, kFifoControl = 2, kLineControl = 3,
                   kModemControl = 4, kLineStatus = 5;
constexpr uint8_t kTransmitEmpty = 0x20;

bool g_ready = false;

volatile uint8_t* reg(uint64_t offset) { return kbuild_riscv64::mmio(KBUILD_VIRT_RISCV64_UART + offset); }

void init() {
  *reg(kInterruptEnable) = 0x00;  // polled: no UART interrupts
  *reg(kLineControl) = 0x03;      // 8 data bits, no parity, 1 stop bit (QEMU ignores the rate)
  *reg(kFifoControl) = 0xc7;      // FIFOs on and cleared
  *reg(kModemControl) = 0x03;     // DTR + RTS
  g_ready = true;
}

}  // namespace

extern "C" bool kbuild_arch_serial_ready(void) {
  if (!g_ready) init();
  return true;
}

extern "C" void kbuild_arch_serial_put(char c) {
  for (int spins = 0; spins < 100000 && !(*reg(kLineStatus) & kTransmitEmpty); ++spins) {
  }
  *reg(kData) = uint8_t(c);
}
