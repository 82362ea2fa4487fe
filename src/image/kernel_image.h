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
  bool direct = false;    // booted by kbuild's direct loader on QEMU virt (and by UEFI on aarch64)
  Arch arch = Arch::x86_64;
  ProtocolInfo protocol;  // what the kernel speaks (boot_protocol.h)
};

// The "Imaged" line's parenthesis: "kbuild protocol, 109 KiB of kernel; boots on BIOS and UEFI".
std::string describe_image(const ImageResult& result, BootMode boot);

// The architecture `elf`'s header names (its e_machine); false when it cannot be read or names
// none kbuild knows.
bool kernel_elf_arch(const std::filesystem::path& elf, Arch* out);

// Where the direct loader of a direct-boot image (aarch64) goes: beside it, `<image>.loader`,
// so QEMU's command line (-kernel LOADER -initrd IMAGE) can be run again by hand.
std::filesystem::path direct_loader_path(const std::filesystem::path& image);

// Writes `out` from `elf`, and for a direct-boot architecture its loader beside it (atomically,
// only when its bytes changed). With a `stamp` path (builds keep one in the build directory), skips
// the work when `out` is already the image of this ELF with these options and this kbuild.
// Errors name the ELF file.
bool make_kernel_image(const std::filesystem::path& elf, const ImageOptions& options,
                       const std::filesystem::path& out, const std::filesystem::path& stamp,
                       ImageResult* result, std::string* err);

}  // namespace kbuild
