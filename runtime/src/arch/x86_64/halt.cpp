// kbuild_halt and kbuild_exit: how a kernel ends. Under QEMU started by kbuild, halting powers
// the machine off (kbuild's runner then reads the screen); anywhere else it only halts.
#include <kbuild/exit_codes.h>
#include <kbuild/runtime.h>

#include <cstdint>

namespace {

inline void outb(uint16_t port, uint8_t value) { __asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port)); }
inline void outw(uint16_t port, uint16_t value) { __asm__ volatile("outw %0, %1" ::"a"(value), "Nd"(port)); }
inline uint8_t inb(uint16_t port) {
  uint8_t value;
  __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}

// QEMU's firmware configuration device (fw_cfg): a selector port and a data port. kbuild passes
// `-fw_cfg name=opt/kbuild/halt,string=poweroff` when it wants a halt to end the run.
constexpr uint16_t kFwCfgSelector = 0x510, kFwCfgData = 0x511;
constexpr uint16_t kFwCfgSignature = 0x0000, kFwCfgFileDir = 0x0019;

bool under_hypervisor() {
  uint32_t eax = 1, ebx, ecx, edx;
  __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
  return (ecx >> 31) & 1;  // only then are QEMU's ports worth touching
}

void fw_cfg_read(void* out, uint32_t size) {
  auto* bytes = static_cast<uint8_t*>(out);
  for (uint32_t i = 0; i < size; ++i) bytes[i] = inb(kFwCfgData);
}

uint32_t big_endian32(const uint8_t* b) {
  return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
}

bool same(const char* a, const char* b, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
    if (a[i] == '\0') return true;
  }
  return true;
}

// Whether kbuild asked for "poweroff" through fw_cfg.
bool power_off_requested() {
  if (!under_hypervisor()) return false;
  outw(kFwCfgSelector, kFwCfgSignature);
  char signature[4];
  fw_cfg_read(signature, 4);
  if (!same(signature, "QEMU", 4)) return false;
  outw(kFwCfgSelector, kFwCfgFileDir);
  uint8_t count_be[4];
  fw_cfg_read(count_be, 4);
  uint32_t count = big_endian32(count_be);
  for (uint32_t i = 0; i < count && i < 4096; ++i) {
    struct {
      uint8_t size[4];
      uint8_t select[2];
      uint8_t reserved[2];
      char name[56];
    } file;
    fw_cfg_read(&file, sizeof file);
    if (!same(file.name, KBUILD_HALT_FW_CFG_NAME, sizeof file.name)) continue;
    outw(kFwCfgSelector, uint16_t(file.select[0] << 8 | file.select[1]));
    char value[8] = {};
    uint32_t size = big_endian32(file.size);
    fw_cfg_read(value, size < sizeof value ? size : sizeof value);
    return same(value, KBUILD_HALT_FW_CFG_POWEROFF, sizeof KBUILD_HALT_FW_CFG_POWEROFF - 1);
  }
  return false;
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
