// The little the loader reads from the flattened device tree QEMU passes in x0: RAM, what is
// reserved, where the initrd (kbuild's disk image) is, and the UART.
#pragma once
#include <stdint.h>

namespace a64 {

struct Range {
  uint64_t base, end;  // [base, end)
};

struct DeviceTree {
  static constexpr int kMaxRanges = 64;
  uint64_t address = 0, size = 0;  // the blob itself
  Range memory[kMaxRanges];        // /memory reg
  int memory_count = 0;
  Range reserved[kMaxRanges];      // the memreserve block and /reserved-memory's children
  int reserved_count = 0;
  uint64_t initrd_start = 0, initrd_end = 0;  // /chosen linux,initrd-start and -end
  uint64_t uart = 0;                          // the first arm,pl011's reg; 0: none named
  uint64_t fw_cfg = 0;                        // qemu,fw-cfg-mmio's reg; 0: none named
};

// Reads the blob at `address`; fails the boot with one line when it is not a device tree.
void read_device_tree(uint64_t address, DeviceTree* out);

}  // namespace a64
