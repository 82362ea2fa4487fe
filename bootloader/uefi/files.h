// The files kbuild puts on the EFI system partition, read from the device this loader was
// loaded from (so the same loader works from any FAT stick holding them).
#pragma once
#include <stdint.h>

#include "boot_manifest.h"
#include "efi.h"

struct Kernel;

namespace uefi {

// Opens the boot device's file system; records the loader's own image as BOOTLOADER.
void open_boot_volume();
// \KBUILD\MANIFEST.BIN: exactly one struct kbuild_boot_manifest.
void read_manifest(kbuild_boot_manifest* manifest);
// \KBUILD\KERNEL.ELF opened (KBUILD_ESP_KERNEL_PATH names it in messages), `size` its bytes.
efi::File* open_kernel(uint64_t* size);
// \KBUILD\KERNEL.ELF: checked, homes claimed, read into memory (segments linked below 4 GiB
// beyond the file buffer straight to their home). kernel_file.cpp; all three UEFI loaders'.
void read_kernel(Kernel* kernel);

// The file at `path` on the boot device (`name`: the same path for messages); each fails the
// boot with one line naming the file.
efi::File* open(const efi::Char16* path, const char* name);
uint64_t file_size(efi::File* file, const char* name);
// Reads `size` bytes from `offset` in the file to physical `dest`.
void read_range(efi::File* file, const char* name, uint64_t offset, uint64_t dest, uint64_t size);
void read_all(efi::File* file, const char* name, uint64_t dest, uint64_t size);

}  // namespace uefi
