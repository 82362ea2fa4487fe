// kbuild_halt and kbuild_exit on aarch64 (QEMU's virt board). Under QEMU started by kbuild,
// halting powers the machine off and kbuild_exit ends QEMU with an exit status; anywhere else
// both only halt.
//
// kbuild passes `-fw_cfg name=opt/kbuild/halt,string=poweroff` and `-semihosting`. The fw_cfg
// file (read through virt's fw_cfg MMIO device at 0x09020000) is how the runtime knows it runs
// under kbuild's QEMU: only then does kbuild_exit use semihosting (a `hlt #0xf000` anywhere else
// is an undefined instruction) and kbuild_halt power off through PSCI SYSTEM_OFF (HVC, the
// conduit virt uses for a kernel entered at EL1), which ends QEMU with status 0, as the ACPI
// power-off does on x86_64.
#include <kbuild/boot.h>
#include <kbuild/exit_codes.h>
#include <kbuild/runtime.h>

#include <stdint.h>

#include "../../fw_cfg.h"

extern "C" const kbuild_boot_info* kbuild_entry_boot_info;  // start.cpp

namespace {

constexpr uint64_t kFwCfg = 0x09020000;
constexpr uint64_t kFwCfgData = 0x0, kFwCfgSelector = 0x8;  // the selector is big-endian

constexpr uint64_t kPsciSystemOff = 0x84000008;
constexpr uint64_t kSemihostingExit = 0x18;                     // SYS_EXIT
constexpr uint64_t kApplicationExit = 0x20026;                  // ADP_Stopped_ApplicationExit

uint64_t fw_cfg_base() { return kbuild_entry_boot_info->physical_memory_offset + kFwCfg; }

void fw_cfg_select(uint16_t key) {
  *reinterpret_cast<volatile uint16_t*>(fw_cfg_base() + kFwCfgSelector) = __builtin_bswap16(key);
}

void fw_cfg_read(void* out, uint32_t size) {
  auto* bytes = static_cast<uint8_t*>(out);
  auto* data = reinterpret_cast<volatile uint8_t*>(fw_cfg_base() + kFwCfgData);
  for (uint32_t i = 0; i < size; ++i) bytes[i] = *data;
}

// Whether kbuild asked for "poweroff" through fw_cfg (so this is kbuild's QEMU).
bool power_off_requested() {
  if (kbuild_entry_boot_info == nullptr) return false;
  return kbuild::fw_cfg::power_off_requested(fw_cfg_select, fw_cfg_read);
}

[[noreturn]] void halt_forever() {
  for (;;) __asm__ volatile("msr daifset, #0xf; wfi");
}

}  // namespace

extern "C" [[noreturn]] void kbuild_halt(void) {
  __asm__ volatile("msr daifset, #0xf");
  if (power_off_requested()) {
    register uint64_t x0 __asm__("x0") = kPsciSystemOff;
    __asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
  }
  halt_forever();
}

extern "C" [[noreturn]] void kbuild_exit(unsigned code) {
  __asm__ volatile("msr daifset, #0xf");
  if (power_off_requested()) {
    // QEMU exits with the subcode; (code << 1) | 1 gives the statuses x86_64's debug-exit port does.
    const uint64_t block[2] = {kApplicationExit, KBUILD_QEMU_STATUS(code)};
    register uint64_t x0 __asm__("x0") = kSemihostingExit;
    register const uint64_t* x1 __asm__("x1") = block;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  }
  kbuild_halt();
}
