// The ACPI RSDP under UEFI: the configuration table, ACPI 2.0 first, else 1.0.
#pragma once
#include <stdint.h>

namespace uefi {

uint64_t find_rsdp();  // physical address, 0 when there is none

}  // namespace uefi
