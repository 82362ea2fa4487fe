// QEMU's firmware configuration device on the virt board (docs/specs/fw_cfg.rst): its MMIO
// registers, found in the device tree ("qemu,fw-cfg-mmio"), a file looked up by name in its
// directory, and a file written through the DMA interface. Used with the MMU off.
#pragma once
#include <stdint.h>

namespace a64 {

class FwCfg {
 public:
  // `base`: the device's registers; 0 when the device tree names none.
  explicit FwCfg(uint64_t base) : base_(base) {}
  // Whether the device is there and speaks DMA (the only way to write a file).
  bool has_dma() const;
  // The selector of the file `name` in the directory; 0 when there is none.
  uint16_t find(const char* name) const;
  // Writes `size` bytes at `data` (physical) to the file with selector `select`; fails the boot
  // with one line when the device reports an error.
  void write(uint16_t select, const void* data, uint32_t size, const char* what) const;

 private:
  void select(uint16_t key) const;
  uint8_t read8() const;
  uint32_t read_be32() const;
  uint64_t base_;
};

}  // namespace a64
