// From a linked kernel ELF to its disk image: read, validate, write atomically. Used by
// `kbuild build` (after linking), `kbuild image` and `kbuild runner`.
#pragma once

#include <filesystem>
#include <string>

#include "config/config.h"
#include "image/image_writer.h"

namespace kbuild {

// The image settings of kernel.toml: [target] boot and mbr-boot-flag, and [bootloader].
ImageOptions image_options(const Config& config);

struct ImageResult {
  bool written = false;  // false: the image was already up to date
  uint64_t kernel_bytes = 0;
  ProtocolInfo protocol;  // what the kernel speaks (boot_protocol.h)
};

// The "Imaged" line's parenthesis: "kbuild protocol, 109 KiB of kernel; boots on BIOS and UEFI".
std::string describe_image(const ImageResult& result, BootMode boot);

// Writes `out` from `elf`. With a `stamp` path (builds keep one in the build directory), skips
// the work when `out` is already the image of this ELF with these options and this kbuild.
// Errors name the ELF file.
bool make_kernel_image(const std::filesystem::path& elf, const ImageOptions& options,
                       const std::filesystem::path& out, const std::filesystem::path& stamp,
                       ImageResult* result, std::string* err);

}  // namespace kbuild
