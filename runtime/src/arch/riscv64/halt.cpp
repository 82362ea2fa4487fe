// kbuild_halt and kbuild_exit on riscv64. Both end a run through QEMU virt's sifive_test device
// (0x100000): kbuild_exit with status (code << 1) | 1, as isa-debug-exit gives on x86_64, and
// kbuild_halt with status 0, as the power-off does there. The device is part of every virt
// machine, so no fw_cfg request is needed; on a machine without it the store goes nowhere
// (or faults) and the CPU then waits for interrupts, which are off, forever.
#include <kbuild/exit_codes.h>
#include <kbuild/runtime.h>

#include <stdint.h>

#include "mmio.h"

namespace {

[[noreturn]] void finish(uint32_t value) {
  kbuild_riscv64::interrupts_off();
  *reinterpret_cast<volatile uint32_t*>(kbuild_riscv64::mmio(KBUILD_VIRT_RISCV64_SIFIVE_TEST)) = value;
  for (;;) __asm__ volatile("wfi");
}

}  // namespace

extern "C" [[noreturn]] void kbuild_halt(void) { finish(KBUILD_SIFIVE_TEST_PASS); }

extern "C" [[noreturn]] void kbuild_exit(unsigned code) {
  finish(KBUILD_SIFIVE_TEST_FAIL | uint32_t(KBUILD_QEMU_STATUS(code)) << 16);
}
