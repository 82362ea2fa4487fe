// The terminal a run is started from: where the kernel's serial console goes (QEMU's
// `-serial mon:stdio`, so what the user types reaches COM1 and Ctrl-A reaches QEMU), and what
// happens without a display or without a terminal.
#pragma once

#include <termios.h>

#include <optional>
#include <string>

#include "qemu/qemu_command.h"

namespace kbuild {

// The keys QEMU's mon:stdio multiplexer takes, as the user is told them.
inline constexpr const char* kConsoleKeys =
    "serial console: what you type goes to the kernel's COM1; Ctrl-A X quits QEMU, Ctrl-A C "
    "switches to QEMU's monitor and back, Ctrl-C stops the run";

struct ConsoleSetup {
  RunMode mode = RunMode::window;
  bool interactive = false;  // stdin and stdout are a terminal: it becomes the serial console
  std::string note;          // what kbuild did instead of what was asked for; empty when nothing
};

// A window needs a display; without one the run is headless (the final screen printed at the
// end), and said so. The console is interactive when both stdin and stdout are terminals.
ConsoleSetup choose_console(RunMode wanted, bool has_display, bool terminal);
// The same for this process: $DISPLAY or $WAYLAND_DISPLAY, isatty(0) and isatty(1).
ConsoleSetup choose_console(RunMode wanted);

// Saves a terminal's settings and puts them back when destroyed, so a QEMU killed while it held
// the terminal in raw mode does not leave it so.
class TerminalState {
 public:
  TerminalState() = default;
  ~TerminalState();
  TerminalState(const TerminalState&) = delete;
  TerminalState& operator=(const TerminalState&) = delete;
  void save(int fd);

 private:
  int fd_ = -1;
  termios saved_{};
};

}  // namespace kbuild
