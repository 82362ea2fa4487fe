// Reading a test kernel's final text screen. A test kernel ends through the debug-exit port,
// where QEMU's isa-debug-exit would end QEMU at once; for a kernel whose screen is checked the
// port is an isa-debugcon writing to a file instead, and the power-off that follows pauses QEMU
// (qemu/qemu_command.h). Then the screen is read over QMP, as `kbuild run --headless` reads
// it, QEMU is told to quit, and the exit status is the one isa-debug-exit would have given.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/process.h"
#include "qemu/qmp.h"

namespace kbuild {

class ScreenCapture {
 public:
  // Files live in `dir` (kbuild's temporary directory), named after `tag`.
  ScreenCapture(const std::filesystem::path& dir, const std::string& tag);

  const std::filesystem::path& qmp_socket() const { return socket_; }
  const std::filesystem::path& exit_port_file() const { return exit_port_; }

  // While QEMU runs, without blocking: when the guest has stopped, reads the screen and asks QEMU
  // to quit. True once that is done.
  bool poll();

  // Once QEMU has exited: the rendered screen (nullopt when it could not be read), and `qemu`
  // made what isa-debug-exit would have made it (the exit status (value << 1) | 1 when the
  // kernel wrote to the port).
  std::optional<std::string> finish(ProcessResult* qemu);

 private:
  std::filesystem::path socket_, exit_port_, dump_;
  QmpClient qmp_;
  bool done_ = false;
  std::optional<std::string> screen_;
};

}  // namespace kbuild
