#include "runner/machine.h"

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
      break;
    case Arch::riscv64:
      // OpenSBI is virt's default -bios; it enters the loader in S-mode at 0x80200000. The first
      // NS16550A UART, which -serial connects, is part of every virt machine.
      m.board = {"-machine", "virt", "-nodefaults"};
      // kbuild_exit and kbuild_halt write virt's sifive_test device, present on every virt
      // machine: nothing to add.
      m.direct = true;
      break;
  }
  return m;
}

bool check_machine_firmware(Arch arch, Firmware firmware, std::string* err) {
  MachineSpec m = machine_spec(arch);
  if (firmware == Firmware::bios && !m.bios) {
    *err = fmt::format("{} kernels do not boot on a BIOS (there is no BIOS on {}): drop --firmware bios",
                       arch_name(arch), arch_name(arch));
    return false;
  }
  if (firmware == Firmware::uefi && !m.uefi) {
    *err = fmt::format("booting {} kernels under UEFI is not supported yet: they boot directly on "
                       "QEMU virt (drop --firmware uefi)",
                       arch_name(arch));
    return false;
  }
  return true;
}

}  // namespace kbuild
