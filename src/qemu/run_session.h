// One interactive or headless boot of a kernel image in QEMU: start it, follow it through its
// control socket, and when the kernel powers off (or the timeout passes) read the VGA text screen
// and optionally a screenshot, then stop QEMU. The serial output is passed through live and its
// tail kept, with the tail of QEMU's interrupt log, to explain how the run ended (qemu/outcome.h).
// Tests use the test runner instead.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/context.h"
#include "core/process.h"
#include "qemu/accel.h"
#include "qemu/outcome.h"
#include "qemu/qemu_command.h"

namespace kbuild {

struct RunOptions {
  RunMode mode = RunMode::window;     // window or headless
  Firmware firmware = Firmware::bios; // SeaBIOS, or OVMF (UEFI)
  std::filesystem::path image;
  std::filesystem::path elf;          // for naming addresses in a crash; may be empty
  std::vector<std::string> extra_args;
  std::chrono::seconds timeout{0};    // 0: none
  std::filesystem::path screenshot;   // PNG to write at the end; empty: none (under UEFI, headless:
                                      // the image's path with .screen.png, as there is no text screen)
  bool gdb = false;
  unsigned gdb_port = 1234;
  bool gdb_owns_terminal = false;     // kbuild gdb: the debugger reads the terminal, not the kernel
  std::vector<std::string> debugger;  // kbuild gdb: the debugger's argv, run beside QEMU; empty: none
  std::optional<Accel> accel;         // --accel; nullopt: [run] accel
  KvmHost kvm_host;                   // where to look when deciding on KVM
};

struct RunReport {
  ProcessResult qemu;
  bool powered_off = false;           // the kernel shut the machine down
  bool timed_out = false;
  std::optional<std::vector<uint8_t>> screen;  // the 80x25 text screen, when it could be read
  bool screenshot_saved = false;
  std::filesystem::path screenshot;   // where it was saved
  std::string screenshot_error;       // why --screenshot could not be saved; empty when it was
  bool serial_mid_line = false;       // the serial output shown ended without a newline
  bool passed = false;                // the run ended well (the kernel powered off)
  int exit_status = 0;                // what kbuild exits with
  std::string summary;                // one line for the user: what happened, or what went wrong
};

bool run_kernel(const Context& ctx, const Config& config, const RunOptions& options, RunReport* report,
                std::string* err);

}  // namespace kbuild
