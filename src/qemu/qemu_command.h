// The QEMU command line for a run, from kernel.toml's [run]/[test] tables and the mode, in the
// order bootimage users know: command, -no-reboot ([run] or [test] no-reboot), kbuild's own
// arguments for the mode, the configured args, then the user's extra args (after `--` on
// kbuild's command line).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kbuild/exit_codes.h>

#include "config/config.h"

namespace kbuild {

enum class RunMode {
  window,    // a display window, serial on stdout (kbuild runs headless without a display)
  headless,  // no display: serial on stdout; the screen is read through QMP at the end
  test,      // no display, serial to a log, isa-debug-exit, -no-reboot, fault log
};

struct QemuPlan {
  RunMode mode = RunMode::window;
  Firmware firmware = Firmware::bios;           // UEFI: OVMF instead of SeaBIOS
  std::filesystem::path image;
  std::filesystem::path qmp_socket;             // empty: no control socket
  std::filesystem::path serial_log;             // test mode (or curses): where serial goes
  std::filesystem::path fault_log;              // -d int,cpu_reset -D FILE; empty: none
  bool console = false;                         // like -serial mon:stdio: the terminal is COM1,
                                                // QEMU's monitor a Ctrl-A C away, Ctrl-C a signal
  bool gdb = false;                             // -S and -gdb on gdb_port: wait for a debugger
  unsigned gdb_port = 1234;
  std::optional<bool> kvm;                      // -accel kvm -cpu host, or -accel tcg; nullopt: QEMU's default
  std::vector<std::string> extra_args;          // after `--`
  // Test mode, to read the screen at the end: what the kernel writes to the debug-exit port goes
  // to this file (an isa-debugcon there instead of isa-debug-exit), so QEMU does not exit on it,
  // and the guest's power-off pauses QEMU. Empty: isa-debug-exit.
  std::filesystem::path exit_port_file;
};

// The default command when kernel.toml has no [run] command: the architecture's QEMU and board
// (qemu/machine.h), [run] memory, and the image as a raw disk, or in RAM (-initrd) on the
// machines kbuild's loader boots directly (qemu_argv adds `-kernel <image>.loader` there).
// Under --firmware uefi the image is a raw disk on every machine (virt's default is virtio-blk).
std::vector<std::string> default_qemu_command(Arch arch, const RunConfig& run, Firmware firmware = Firmware::bios);

// Paths inside QEMU's key=value option strings (`-drive file=...`, `-qmp unix:...`) have their
// commas doubled, as QEMU's option syntax needs. A `{}` that is a whole argument, `-serial
// file:PATH` and `-D PATH` take the path as it is: QEMU does not split those.
std::string qemu_option_value(std::string_view text);

std::vector<std::string> qemu_argv(const Config& config, const QemuPlan& plan);

// Checks that the QEMU a run of `config` starts ([run] command's program, else the machine's) is
// there, before anything boots: "qemu-system-x86_64 not found in PATH: install it with
// `apt-get install qemu-system-x86`" (build/target.h's check_program).
bool check_qemu(const Config& config, std::string* err);

// The I/O port kbuild's test kernels exit through, and its size (QEMU's isa-debug-exit device).
inline constexpr unsigned kDebugExitPort = KBUILD_DEBUG_EXIT_PORT;

}  // namespace kbuild
