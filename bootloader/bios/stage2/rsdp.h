// Finding the ACPI RSDP the BIOS way: the first KiB of the EBDA, then 0xe0000-0xfffff.
#pragma once
#include <stdint.h>

uint64_t find_rsdp();  // physical address, 0 when there is none
