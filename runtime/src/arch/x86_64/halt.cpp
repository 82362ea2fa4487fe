// kbuild_halt and kbuild_exit: how a kernel ends. Under QEMU started by kbuild, halting powers
// the machine off (kbuild's runner then reads the screen); anywhere else it only halts.
#include <kbuild/exit_codes.h>
#include <kbuild/runtime.h>

#include <cstdint>

#include "../../fw_cfg.h"

namespace {

inline void outb(uint16_t port, uint8_t value) { __asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port)); }
inline void outw(uint16_t port, uint16_t value) { __asm__ volatile("outw %0, %1" ::"a"(value), "Nd"(port)); }
inline uint8_t inb(uint16_t port) {
  uint8_t value;
  __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

// QEMU's fw_cfg device through its selector and data ports.
constexpr uint16_t kFwCfgSelector = 0x510, kFwCfgData = 0x511;

bool under_hypervisor() {
  uint32_t eax = 1, ebx, ecx, edx;
  __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
  return (ecx >> 31) & 1;  // only then are QEMU's ports worth touching
}

// Whether kbuild asked for "poweroff" through fw_cfg.
bool power_off_requested() {
  if (!under_hypervisor()) return false;
  return kbuild::fw_cfg::power_off_requested([](uint16_t key) { outw(kFwCfgSelector, key); },
                                             [](void* out, uint32_t size) {
                                               auto* bytes = static_cast<uint8_t*>(out);
                                               for (uint32_t i = 0; i < size; ++i) bytes[i] = inb(kFwCfgData);
                                             });
}

[[noreturn]] void halt_forever() {
  for (;;) __asm__ volatile("cli; hlt");
}

}  // namespace

extern "C" [[noreturn]] void kbuild_halt(void) {
  __asm__ volatile("cli");
  if (power_off_requested()) {
    // ACPI S5 through PM1a_CNT with SLP_EN: at 0x604 on QEMU's q35 machine, 0xb004 on pc (PIIX4).
    // QEMU's tables give S5 the sleep type 0.
    outw(0x604, 0x2000);
    outw(0xb004, 0x2000);
  }
  halt_forever();
}

extern "C" [[noreturn]] void kbuild_exit(unsigned code) {
  __asm__ volatile("cli");
  if (under_hypervisor()) outb(KBUILD_DEBUG_EXIT_PORT, static_cast<uint8_t>(code));
  kbuild_halt();
}
