// The serial port's driver (../../arch.h): polled output on the PL011 UART of QEMU's virt board.
//
// The UART is the virt board's fixed one (<kbuild/qemu_virt.h>, as the loader's default),
// reached through the physical memory mapping the loader set up (device memory there). QEMU's
// PL011 needs no setup to transmit.
#include <kbuild/boot.h>
#include <kbuild/qemu_virt.h>
#include <stdint.h>

#include "../../arch.h"

extern "C" const kbuild_boot_info* kbuild_entry_boot_info;  // start.cpp

namespace {

constexpr uint64_t kPl011 = KBUILD_VIRT_AARCH64_PL011;
constexpr uint64_t kData = 0x00, kFlags = 0x18;
constexpr uint32_t kTransmitFull = 1u << 5;

volatile uint32_t* reg(uint64_t offset) {
  return reinterpret_cast<volatile uint32_t*>(kbuild_entry_boot_info->physical_memory_offset + kPl011 + offset);
}

}  // namespace

extern "C" bool kbuild_arch_serial_ready(void) {
  return kbuild_entry_boot_info != nullptr;  // no mapping known yet: nowhere to write
}

extern "C" void kbuild_arch_serial_put(char c) {
  for (int spins = 0; spins < 100000 && (*reg(kFlags) & kTransmitFull); ++spins) __asm__ volatile("yield");
  *reg(kData) = static_cast<uint8_t>(c);
}
