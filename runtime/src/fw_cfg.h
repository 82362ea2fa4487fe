// QEMU's firmware configuration device (fw_cfg), as far as the runtime reads it: whether kbuild
// started this QEMU with `-fw_cfg name=opt/kbuild/halt,string=poweroff` (see <kbuild/exit_codes.h>),
// so that halting may power the machine off. The walk of fw_cfg's file directory is the same on
// every machine; how a key is selected and a byte read (x86 ports, virt's MMIO) is each
// architecture's, passed in as `select(uint16_t key)` and `read(void* out, uint32_t size)`.
#ifndef KBUILD_RUNTIME_FW_CFG_H
#define KBUILD_RUNTIME_FW_CFG_H

#include <kbuild/exit_codes.h>

#include <stdint.h>

namespace kbuild::fw_cfg {

constexpr uint16_t kSignature = 0x0000, kFileDir = 0x0019;

inline uint32_t big_endian32(const uint8_t* b) {
  return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
}

// The first `n` bytes of a and b are equal, or both end (NUL) at the same place before that.
inline bool same(const char* a, const char* b, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
    if (a[i] == '\0') return true;
  }
  return true;
}

// Whether fw_cfg holds kbuild's halt file with the value "poweroff".
template <class Select, class Read>
bool power_off_requested(Select select, Read read) {
  select(kSignature);
  char signature[4];
  read(signature, 4);
  if (!same(signature, "QEMU", 4)) return false;
  select(kFileDir);
  uint8_t count_be[4];
  read(count_be, 4);
  uint32_t count = big_endian32(count_be);
  for (uint32_t i = 0; i < count && i < 4096; ++i) {
    struct {
      uint8_t size[4];
      uint8_t select[2];
      uint8_t reserved[2];
      char name[56];
    } file;
    read(&file, sizeof file);
    if (!same(file.name, KBUILD_HALT_FW_CFG_NAME, sizeof file.name)) continue;
    select(uint16_t(file.select[0] << 8 | file.select[1]));
    char value[8] = {};
    uint32_t size = big_endian32(file.size);
    read(value, size < sizeof value ? size : sizeof value);
    return same(value, KBUILD_HALT_FW_CFG_POWEROFF, sizeof KBUILD_HALT_FW_CFG_POWEROFF - 1);
  }
  return false;
}

}  // namespace kbuild::fw_cfg

#endif
