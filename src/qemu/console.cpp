#include "qemu/console.h"

#include <unistd.h>

#include <cstdlib>

namespace kbuild {

ConsoleSetup choose_console(RunMode wanted, bool has_display, bool terminal) {
  ConsoleSetup setup;
  setup.mode = wanted;
  setup.interactive = terminal;
  if (wanted == RunMode::window && !has_display) {
    setup.mode = RunMode::headless;
    setup.note = terminal ? "no display ($DISPLAY is not set): running without a window; the final screen is "
                            "printed at the end"
                          : "no display and no terminal: running headless, as with --headless";
  }
  return setup;
}

ConsoleSetup choose_console(RunMode wanted) {
  auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value && *value;
  };
  return choose_console(wanted, set("DISPLAY") || set("WAYLAND_DISPLAY"),
                        ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO));
}

void TerminalState::save(int fd) {
  if (::tcgetattr(fd, &saved_) == 0) fd_ = fd;
}

TerminalState::~TerminalState() {
  if (fd_ >= 0) ::tcsetattr(fd_, TCSANOW, &saved_);
}

}  // namespace kbuild
