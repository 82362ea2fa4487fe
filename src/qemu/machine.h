// What differs per architecture in the machine kbuild boots a kernel on: the QEMU binary and
// board, how a kernel ends the run, whether there is a screen, how the image reaches the guest.
// Everything the runner decides by architecture is a field here.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace kbuild {

struct MachineSpec {
  std::string qemu;                       // qemu-system-x86_64 (from the arch table, config/arch.h)
  std::string qemu_package;               // the Debian package that has it
  std::vector<std::string> board;         // -machine ... -cpu ...: the start of the default command
  std::vector<std::string> exit_device;   // how a kernel sets QEMU's exit status
  // How kbuild asks the runtime's kbuild_halt() to power off (the fw_cfg file of
  // <kbuild/exit_codes.h>); empty where halting always powers off.
  std::vector<std::string> power_off_request;
  bool kvm = false;                       // KVM can run it (else TCG, whoever asked)
  bool screen = false;                    // a VGA text screen or framebuffer QMP can read
  // The display device added to direct boots (aarch64: -device ramfb, which kbuild's loader sets
  // up as the framebuffer); empty: a direct boot has no screen.
  std::vector<std::string> direct_display;
  // Direct boot: QEMU loads kbuild's loader for the architecture (-kernel <image>.loader) and the
  // disk image into RAM (-initrd <image>) instead of booting the image through firmware.
  // With a UEFI too (aarch64, riscv64), --firmware uefi boots the same image's ESP through the firmware
  // instead, on `uefi_board` where that differs from `board`.
  bool direct = false;
  bool bios = false;                      // --firmware bios exists
  bool uefi = false;                      // --firmware uefi exists
  std::vector<std::string> uefi_board;    // empty: `board`
  // How the image is attached as a disk when it is not loaded into RAM ("{}": its path, inside an
  // option value): the board's default interface, or virtio-blk on riscv64's virt, which has none.
  std::vector<std::string> disk = {"-drive", "format=raw,file={}"};

  // Whether a boot under `firmware` goes through kbuild's direct loader (the default firmware,
  // "bios", stands for the direct boot on machines without a BIOS).
  bool boots_direct(Firmware firmware) const { return direct && firmware != Firmware::uefi; }
  // Whether a boot under `firmware` has a screen QMP can take a screenshot of.
  bool has_screen(Firmware firmware) const {
    return boots_direct(firmware) ? !direct_display.empty() : screen;
  }
  // Whether it has the VGA text screen at 0xb8000 (the BIOS's).
  bool has_vga_text(Firmware firmware) const { return screen && bios && firmware == Firmware::bios; }
};

MachineSpec machine_spec(Arch arch);

// Whether `arch`'s machine boots a kernel under `firmware`: the one answer every firmware list
// (--firmware, [run], [test] and [test.NAME] firmware) is checked against.
bool machine_boots(Arch arch, Firmware firmware);

// False, with one line naming the architecture, when `firmware` (asked for by --firmware) is not
// one it boots on.
bool check_machine_firmware(Arch arch, Firmware firmware, std::string* err);

// The same for a firmware key of kernel.toml (`key`: "[run] firmware", "[test.NAME] firmware"):
// false with one line when `firmwares` asks for a UEFI the machine cannot boot. A BIOS is the
// keys' default, so on a board kbuild boots directly it stands for that one direct boot.
bool check_firmware_key(const Config& config, std::string_view key, const std::vector<Firmware>& firmwares,
                        std::string* err);

}  // namespace kbuild
