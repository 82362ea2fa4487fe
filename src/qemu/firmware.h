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
// riscv64: U-Boot's UEFI in S-mode, loaded with -kernel, on the OpenSBI QEMU virt starts by
// default (qemu-system-data's fw_dynamic, as for the direct boot). U-Boot counts down its
// bootdelay (2 s in Debian's build, no environment to change it) before distro boot finds the
// ESP's \EFI\BOOT\BOOTRISCV64.EFI.
inline constexpr const char* kUbootRiscv64Path = "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf";
inline constexpr const char* kUbootPackage = "u-boot-qemu";
// Debian's U-Boot (2023.01) faults during its distro boot on a virt machine with 192 MiB of RAM or
// less, before any EFI application runs; 224 MiB and more boot.
inline constexpr uint64_t kUbootRiscv64MinMemory = uint64_t{224} << 20;

// The UEFI firmware file for `arch`.
struct UefiFirmwareFile {
  const char* name = "";     // "OVMF"
  const char* path = "";     // what -bios loads (riscv64: -kernel)
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

// False, with one line naming `key` (its "kernel.toml: [run] memory" or "[test.NAME] memory"),
// when `memory` (QEMU's -m) is too little for `arch`'s UEFI firmware to boot.
bool check_firmware_memory(Arch arch, Firmware firmware, const std::string& memory, const std::string& key,
                           std::string* err);

// The QEMU arguments that select `firmware`: none for SeaBIOS (or a direct boot), `-bios FILE`
// with `arch`'s UEFI firmware (`-kernel FILE` for U-Boot on riscv64).
std::vector<std::string> firmware_qemu_args(Firmware firmware, Arch arch = Arch::x86_64);

// Checks that `image` (written for `boot`) boots on `firmware`; the error says which key to set.
bool check_image_firmware(const std::filesystem::path& image, BootMode boot, Firmware firmware,
                          std::string* err);

}  // namespace kbuild
