// The disk image in RAM, as the direct loaders get it (QEMU's -initrd, where the device tree's
// /chosen says): the boot manifest at LBA 34, the packed kernel at kernel_lba, the module table
// and the modules, each checked to lie inside the image before it is read. This file defines
// platform.h's module reads for those loaders.
#pragma once
#include <stdint.h>

#include "boot_manifest.h"
#include "kernel.h"

// The image is [start, end); checked when the manifest is read.
void ram_image_use(uint64_t start, uint64_t end);
// `bytes` from sector `lba`; fails the boot naming `what` when they run past the image.
const uint8_t* ram_image_bytes(uint64_t lba, uint64_t bytes, const char* what);
// The manifest, checked by check_manifest (boot_info.h), copied to `m`.
void ram_image_read_manifest(kbuild_boot_manifest* m);
// The packed kernel parsed and checked, its below-4-GiB homes claimed, and the file copied to
// pages of its own (the image's bytes need not be page aligned).
void ram_image_read_kernel(const kbuild_boot_manifest& m, Kernel* kernel);
