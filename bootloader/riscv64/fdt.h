// A small reader of the flattened device tree OpenSBI hands over in a1: only the facts the
// loader needs (RAM, what is reserved, where QEMU put the initrd, the UART).
#pragma once
#include <stdint.h>

#include "memory_map.h"

struct DeviceTreeFacts {
  static constexpr int kMaxRegions = 64;

  uint64_t total_size = 0;                  // bytes of the blob
  Region memory[kMaxRegions];               // /memory reg: type USABLE
  int memory_count = 0;
  Region reserved[kMaxRegions];             // /reserved-memory children and /memreserve/
  int reserved_count = 0;
  uint64_t initrd_start = 0, initrd_end = 0;  // /chosen linux,initrd-start and -end
  uint64_t uart = 0;                        // reg of the first ns16550a node; 0 if none
  uint64_t boot_hart = 0;                   // /chosen boot-hartid (set by U-Boot's UEFI)
  bool has_boot_hart = false;
};

// Reads the blob at physical `address`; fails the boot on a blob it cannot read.
void read_device_tree(uint64_t address, DeviceTreeFacts* facts);
