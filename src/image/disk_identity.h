// The identities written into an image: the BIOS layout's MBR disk signature, and a GPT disk's
// GUIDs and FAT serial number. Derived from what the image is made of (the packed kernel's
// headers, the manifest, the settings, the UEFI loader), never from a clock or a random source,
// so the same inputs give the same image. Hashing every kernel byte would cost more than
// writing it, so two kernels with the same layout share identities.
#pragma once

#include <cstdint>
#include <span>

#include "boot_manifest.h"
#include "image/gpt.h"
#include "image/image_writer.h"
#include "image/kernel_pack.h"

namespace kbuild {

// FNV-1a 32 over the headers and the manifest; never 0.
uint32_t disk_signature(const PackedKernel& kernel, const kbuild_boot_manifest& manifest);

// The seed the GPT identities come from (the manifest before kernel_lba is known).
uint64_t identity_seed(const PackedKernel& kernel, const kbuild_boot_manifest& manifest, const ImageOptions& options,
                       std::span<const uint8_t> loader);

// Independent values from one seed (splitmix64), and version 4 GUIDs made of them.
uint64_t derive(uint64_t seed, uint64_t index);
Guid derived_guid(uint64_t seed, uint64_t index);

}  // namespace kbuild
