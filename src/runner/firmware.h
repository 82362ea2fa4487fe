// The firmware QEMU boots an image with: SeaBIOS (QEMU's own) or OVMF, Debian's UEFI firmware,
// as the unified image (`-bios`): the fastest way to start it, and no variable store that could
// carry state from one boot to the next.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"

namespace kbuild {

inline constexpr const char* kOvmfPath = "/usr/share/ovmf/OVMF.fd";
inline constexpr const char* kOvmfPackage = "ovmf";

// Whether an image written for `boot` boots on `firmware`.
bool firmware_boots(Firmware firmware, BootMode boot);

// False, with one line saying what to install, when the firmware's file is missing (SeaBIOS comes
// with QEMU). `ovmf` is the path to check.
bool firmware_available(Firmware firmware, std::string* err,
                        const std::filesystem::path& ovmf = kOvmfPath);

// The QEMU arguments that select `firmware`: none for SeaBIOS, `-bios OVMF.fd` for UEFI.
std::vector<std::string> firmware_qemu_args(Firmware firmware);

// Checks that `image` (written for `boot`) boots on `firmware`; the error says which key to set.
bool check_image_firmware(const std::filesystem::path& image, BootMode boot, Firmware firmware,
                          std::string* err);

}  // namespace kbuild
