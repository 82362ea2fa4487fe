// The steps every command that boots a kernel shares: build the kernel (incrementally), then
// make its disk image (only when the ELF or the image settings changed).
#pragma once

#include <filesystem>
#include <string>

#include "config/config.h"
#include "core/context.h"

namespace kbuild {

struct Bootable {
  std::filesystem::path elf;    // build/<profile>/<name>.elf, with symbols (for gdb, crash reports)
  std::filesystem::path image;  // build/<profile>/<name>.img
  std::filesystem::path build_dir;
};

bool build_bootable(const Context& ctx, const Config& config, const std::string& profile, Bootable* out,
                    std::string* err);

// Where the image of `elf` goes when no -o names it, for every command that images an ELF:
// beside it, NAME.elf as NAME.img, any other name with .img added (kernel.bin.img, cargo's
// kernel-1a2b3c4d.img, kernel-0.1.img), so an image never replaces a file of the same stem.
std::filesystem::path default_image_path(const std::filesystem::path& elf);

// The image for an ELF that `image_dir` holds images for (stamp beside it); prints "Imaged" when
// it was written.
bool image_for_elf(const Context& ctx, const Config& config, const std::filesystem::path& elf,
                   const std::filesystem::path& image, std::string* err);

}  // namespace kbuild
