// The SMBIOS entry points a BIOS leaves in the F segment (0xF0000-0xFFFFF, 16-byte aligned):
// "_SM_" (32-bit, SMBIOS 2.x) and "_SM3_" (64-bit, SMBIOS 3.x), each with a valid checksum.
#pragma once
#include <stdint.h>

struct SmbiosEntries {
  uint64_t entry32, entry64;  // physical; 0 when absent
};

SmbiosEntries find_smbios();
