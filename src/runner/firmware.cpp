#include "runner/firmware.h"

#include <fmt/format.h>

#include <system_error>

namespace kbuild {

bool firmware_boots(Firmware firmware, BootMode boot) {
  if (boot == BootMode::hybrid) return true;
  return (firmware == Firmware::uefi) == (boot == BootMode::uefi);
}

bool firmware_available(Firmware firmware, std::string* err, const std::filesystem::path& ovmf) {
  if (firmware == Firmware::bios) return true;
  std::error_code ec;
  if (std::filesystem::is_regular_file(ovmf, ec)) return true;
  *err = fmt::format(
      "cannot boot under UEFI: the OVMF firmware {} is missing; install it with "
      "`sudo apt-get install {}`",
      ovmf.string(), kOvmfPackage);
  return false;
}

std::vector<std::string> firmware_qemu_args(Firmware firmware) {
  if (firmware == Firmware::bios) return {};
  return {"-bios", kOvmfPath};
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
