// The firmware QEMU boots an image with: SeaBIOS (QEMU's own) or OVMF, Debian's UEFI firmware,
// as the unified image (`-bios`): the fastest way to start it, and no variable store that could
// carry state from one boot to the next.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace kbuild {

inline constexpr const char* kOvmfPath = "/usr/share/ovmf/OVMF.fd";
inline constexpr const char* kOvmfPackage = "ovmf";

const char* firmware_name(Firmware firmware);  // "bios", "uefi"
std::optional<Firmware> parse_firmware(std::string_view name);

// Whether an image written for `boot` boots on `firmware`.
bool firmware_boots(Firmware firmware, BootMode boot);

// The QEMU arguments that select `firmware` (none for SeaBIOS). False, with one line saying what
// to install, when the firmware file is missing. `ovmf` is the path to check (kOvmfPath).
bool firmware_qemu_args(Firmware firmware, std::vector<std::string>* args, std::string* err,
                        const std::filesystem::path& ovmf = kOvmfPath);

// Checks that `image` (written for `boot`) boots on `firmware`; the error says which key to set.
bool check_image_firmware(const std::filesystem::path& image, BootMode boot, Firmware firmware,
                          std::string* err);

}  // namespace kbuild
