#include "qemu/machine.h"

#include <fmt/format.h>

#include <kbuild/exit_codes.h>

#include "config/arch.h"

namespace kbuild {

MachineSpec machine_spec(Arch arch) {
  MachineSpec m;
  const ArchInfo& info = arch_info(arch);
  m.qemu = info.qemu;
  m.qemu_package = info.qemu_package;
  m.kvm = info.kvm;
  // Halting powers off when kbuild asks through this fw_cfg file (see <kbuild/exit_codes.h>).
  const std::vector<std::string> halt = {
      "-fw_cfg", fmt::format("name={},string={}", KBUILD_HALT_FW_CFG_NAME, KBUILD_HALT_FW_CFG_POWEROFF)};
  switch (arch) {
    case Arch::x86_64:
      // q35: its AHCI disk reads the kernel about 30 times faster than pc's IDE through SeaBIOS;
      // no default devices (no NIC boot ROM to wait for) but a standard VGA.
      m.board = {"-machine", "q35", "-nodefaults", "-vga", "std"};
      m.exit_device = {"-device",
                       fmt::format("isa-debug-exit,iobase={:#x},iosize={:#04x}", KBUILD_DEBUG_EXIT_PORT,
                                   KBUILD_DEBUG_EXIT_IOSIZE)};
      m.power_off_request = halt;
      m.screen = true;
      m.bios = m.uefi = true;
      break;
    case Arch::aarch64:
      // The first UART of virt is the PL011 at 0x09000000, which -serial connects.
      m.board = {"-machine", "virt", "-cpu", "cortex-a72"};
      // kbuild_exit is a semihosting SYS_EXIT; halting powers off through PSCI when asked.
      m.exit_device = {"-semihosting"};
      m.power_off_request = halt;
      m.direct = true;
      // QEMU's ramfb: the direct loader sets it up through fw_cfg as the kernel's framebuffer.
      m.direct_display = {"-device", "ramfb"};
      // Under AAVMF: without ACPI tables the firmware publishes QEMU's device tree, which the
      // loader and kernels read (AAVMF publishes one or the other).
      m.uefi = true;
      m.uefi_board = {"-machine", "virt,acpi=off", "-cpu", "cortex-a72"};
      break;
    case Arch::riscv64:
      // OpenSBI is virt's default -bios; it enters the loader in S-mode at 0x80200000. The first
      // NS16550A UART, which -serial connects, is part of every virt machine.
      m.board = {"-machine", "virt", "-nodefaults"};
      // kbuild_exit and kbuild_halt write virt's sifive_test device, present on every virt
      // machine: nothing to add.
      m.direct = true;
      // Under U-Boot's UEFI (firmware.h), which reads the image's ESP from a virtio disk.
      m.uefi = true;
      m.disk = {"-drive", "if=none,format=raw,file={},id=kbuild-disk", "-device", "virtio-blk-device,drive=kbuild-disk"};
      break;
  }
  return m;
}

bool machine_boots(Arch arch, Firmware firmware) {
  MachineSpec m = machine_spec(arch);
  return firmware == Firmware::uefi ? m.uefi : m.bios;
}

bool check_machine_firmware(Arch arch, Firmware firmware, std::string* err) {
  if (machine_boots(arch, firmware)) return true;
  if (firmware == Firmware::bios) {
    *err = fmt::format("{} kernels do not boot on a BIOS (there is no BIOS on {}): drop --firmware bios",
                       arch_name(arch), arch_name(arch));
    return false;
  }
  *err = fmt::format("{} kernels do not boot under UEFI (kbuild has no UEFI loader for {}): drop --firmware uefi",
                     arch_name(arch), arch_name(arch));
  return false;
}

bool check_firmware_key(const Config& config, std::string_view key, const std::vector<Firmware>& firmwares,
                        std::string* err) {
  Arch arch = config.arch.value;
  for (Firmware firmware : firmwares) {
    if (firmware == Firmware::bios || machine_boots(arch, firmware)) continue;
    *err = fmt::format("{}: {} = \"{}\", but {} kernels do not boot on UEFI (kbuild has no UEFI loader for "
                       "them): drop it",
                       config.manifest_path.filename().string(), key, firmware_list_name(firmwares),
                       arch_name(arch));
    return false;
  }
  return true;
}

}  // namespace kbuild
