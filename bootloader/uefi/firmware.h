// The firmware as the UEFI loader sees it: the system table, boot services while they last,
// and turning a failed call into the error line.
#pragma once
#include <stdint.h>

#include "efi.h"

namespace uefi {

void init(efi::Handle image, efi::SystemTable* system);
efi::Handle image();
efi::SystemTable* system();
efi::BootServices* boot();  // fails the boot once boot services are gone

// From the first ExitBootServices call on, nothing may use boot services (ConOut included).
void boot_services_gone();
bool boot_services_active();

// Fails the boot with "<what>: <status>" unless `status` is EFI_SUCCESS.
void check(efi::Status status, const char* what);
const char* status_name(efi::Status status);

// The firmware's clock (GetTime) as UNIX seconds, taken as UTC (as the CMOS clock is on BIOS);
// false when there is no clock or it reads garbage. Call it before ExitBootServices.
bool read_unix_time(int64_t* seconds);

}  // namespace uefi
