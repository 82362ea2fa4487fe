// What the configuration table points at: the ACPI RSDP (ACPI 2.0 first, else 1.0) and the
// SMBIOS entry points.
#pragma once
#include <stdint.h>

#include "efi.h"

namespace uefi {

uint64_t find_rsdp();  // physical address, 0 when there is none
// The table of `guid`: a physical address, 0 when there is none.
uint64_t configuration_table(const efi::Guid& guid);

}  // namespace uefi
