// The firmware QEMU boots an image with: SeaBIOS (QEMU's own) or Debian's UEFI firmware (OVMF on
// x86_64, AAVMF on aarch64), as the unified image (`-bios`): the fastest way to start it, and no
// variable store that could carry state from one boot to the next.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"

namespace kbuild {

inline constexpr const char* kOvmfPath = "/usr/share/ovmf/OVMF.fd";
inline constexpr const char* kOvmfPackage = "ovmf";
// AAVMF for QEMU virt as one image that needs no writable variable store (AAVMF_CODE.fd is the
// pflash half that does).
inline constexpr const char* kAavmfPath = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd";
inline constexpr const char* kAavmfPackage = "qemu-efi-aarch64";

// The UEFI firmware file for `arch` (riscv64 has none: its path is empty).
struct UefiFirmwareFile {
  const char* name = "";     // "OVMF"
  const char* path = "";     // what -bios loads
  const char* package = "";  // the Debian package that has it
};
UefiFirmwareFile uefi_firmware(Arch arch);

// Whether an image written for `boot` boots on `firmware`.
bool firmware_boots(Firmware firmware, BootMode boot);

// False, with one line saying what to install, when the firmware's file is missing (SeaBIOS comes
// with QEMU). `ovmf` is the path to check.
bool firmware_available(Firmware firmware, std::string* err,
                        const std::filesystem::path& ovmf = kOvmfPath);
// The same for `arch`'s UEFI firmware (uefi_firmware), at `file` when given.
bool firmware_available(Arch arch, Firmware firmware, std::string* err, const std::filesystem::path& file = {});

// The QEMU arguments that select `firmware`: none for SeaBIOS (or a direct boot), `-bios FILE`
// with `arch`'s UEFI firmware.
std::vector<std::string> firmware_qemu_args(Firmware firmware, Arch arch = Arch::x86_64);

// Checks that `image` (written for `boot`) boots on `firmware`; the error says which key to set.
bool check_image_firmware(const std::filesystem::path& image, BootMode boot, Firmware firmware,
                          std::string* err);

}  // namespace kbuild
