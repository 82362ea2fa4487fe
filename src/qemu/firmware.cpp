#include "qemu/firmware.h"

#include <fmt/format.h>

#include <system_error>

#include "config/config_values.h"

namespace kbuild {

bool firmware_boots(Firmware firmware, BootMode boot) {
  if (boot == BootMode::hybrid) return true;
  return (firmware == Firmware::uefi) == (boot == BootMode::uefi);
}

namespace {

bool file_available(const UefiFirmwareFile& fw, const std::filesystem::path& file, std::string* err) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec)) return true;
  *err = fmt::format(
      "cannot boot under UEFI: the {} firmware {} is missing; install it with "
      "`sudo apt-get install {}`",
      fw.name, file.string(), fw.package);
  return false;
}

}  // namespace

UefiFirmwareFile uefi_firmware(Arch arch) {
  switch (arch) {
    case Arch::x86_64: return {"OVMF", kOvmfPath, kOvmfPackage};
    case Arch::aarch64: return {"AAVMF", kAavmfPath, kAavmfPackage};
    case Arch::riscv64: return {"U-Boot", kUbootRiscv64Path, kUbootPackage};
  }
  return {};
}

bool firmware_available(Firmware firmware, std::string* err, const std::filesystem::path& ovmf) {
  if (firmware == Firmware::bios) return true;
  return file_available(uefi_firmware(Arch::x86_64), ovmf, err);
}

bool firmware_available(Arch arch, Firmware firmware, std::string* err, const std::filesystem::path& file) {
  if (firmware == Firmware::bios) return true;
  UefiFirmwareFile fw = uefi_firmware(arch);
  return file_available(fw, file.empty() ? std::filesystem::path(fw.path) : file, err);
}

bool check_firmware_memory(Arch arch, Firmware firmware, const std::string& memory, const std::string& key,
                           std::string* err) {
  uint64_t bytes = 0;
  if (firmware != Firmware::uefi || arch != Arch::riscv64 || !parse_memory_size(memory, &bytes) ||
      bytes >= kUbootRiscv64MinMemory)
    return true;
  *err = fmt::format(
      "{} = \"{}\" is too little for U-Boot's UEFI on riscv64 (it faults before booting with 192 MiB or "
      "less): use at least \"{}M\"",
      key, memory, kUbootRiscv64MinMemory >> 20);
  return false;
}

std::vector<std::string> firmware_qemu_args(Firmware firmware, Arch arch) {
  if (firmware == Firmware::bios) return {};
  return {arch == Arch::riscv64 ? "-kernel" : "-bios", uefi_firmware(arch).path};
}

bool check_image_firmware(const std::filesystem::path& image, BootMode boot, Firmware firmware,
                          std::string* err) {
  if (firmware_boots(firmware, boot)) return true;
  const char* mode = boot == BootMode::bios ? "bios" : "uefi";
  *err = fmt::format(
      "{} boots on {} only ([target] boot = \"{}\"), not under {}: set boot = \"hybrid\" in "
      "kernel.toml to boot it on both",
      image.string(), boot == BootMode::bios ? "BIOS" : "UEFI", mode,
      firmware == Firmware::uefi ? "UEFI" : "a BIOS");
  return false;
}

}  // namespace kbuild
