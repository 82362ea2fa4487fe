// The files kbuild puts on the EFI system partition, read from the device this loader was
// loaded from (so the same loader works from any FAT stick holding them).
#pragma once
#include <stdint.h>

#include "boot_manifest.h"

struct Kernel;

namespace uefi {

// Opens the boot device's file system; records the loader's own image as BOOTLOADER.
void open_boot_volume();
// \KBUILD\MANIFEST.BIN: exactly one struct kbuild_boot_manifest.
void read_manifest(kbuild_boot_manifest* manifest);
// \KBUILD\KERNEL.ELF: checked, homes claimed, read into memory (segments linked below 4 GiB
// beyond the file buffer straight to their home).
void read_kernel(Kernel* kernel);

}  // namespace uefi
