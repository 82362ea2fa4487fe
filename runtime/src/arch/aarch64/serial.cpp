// kbuild_serial_write: polled output on the PL011 UART of QEMU's virt board.
//
// The UART is the virt board's fixed one at physical 0x09000000 (the device tree's
// /pl011@9000000), reached through the physical memory mapping the loader set up (device
// memory there). QEMU's PL011 needs no setup to transmit.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>
#include <stdint.h>

extern "C" const kbuild_boot_info* kbuild_entry_boot_info;  // start.cpp

namespace {

constexpr uint64_t kPl011 = 0x09000000;
constexpr uint64_t kData = 0x00, kFlags = 0x18;
constexpr uint32_t kTransmitFull = 1u << 5;

size_t g_written = 0;  // bytes asked for, so test output can tell whether a case printed

volatile uint32_t* reg(uint64_t offset) {
  return reinterpret_cast<volatile uint32_t*>(kbuild_entry_boot_info->physical_memory_offset + kPl011 + offset);
}

void put(char c) {
  // Bounded wait: a UART that never drains must not hang the kernel.
  for (int spins = 0; spins < 100000 && (*reg(kFlags) & kTransmitFull); ++spins) __asm__ volatile("yield");
  *reg(kData) = static_cast<uint8_t>(c);
}

}  // namespace

extern "C" void kbuild_serial_write(const char* text, size_t length) {
  g_written += length;
  if (kbuild_entry_boot_info == nullptr) return;  // no mapping known yet: nowhere to write
  for (size_t i = 0; i < length; ++i) {
    if (text[i] == '\n') put('\r');
    put(text[i]);
  }
}

extern "C" size_t kbuild_serial_bytes_written(void) { return g_written; }
