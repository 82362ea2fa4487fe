#include "core/ui.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/fd_io.h"
#include "core/process.h"

namespace kbuild {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBoldGreen = "\x1b[1;32m";
constexpr const char* kBoldRed = "\x1b[1;31m";
constexpr const char* kBoldYellow = "\x1b[1;33m";
constexpr const char* kBoldCyan = "\x1b[1;36m";

}  // namespace

Ui::Ui(Verbosity verbosity, bool color) : verbosity_(verbosity), color_(color) {}

void Ui::line(std::string_view text) const {
  std::string out(text);
  out += '\n';
  // One write per line so that lines of parallel writers never interleave mid-line.
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, out.data(), out.size());
}

void Ui::status(std::string_view verb, std::string_view message) const {
  if (quiet()) return;
  if (color_)
    line(fmt::format("{}{:>12}{} {}", kBoldGreen, verb, kReset, message));
  else
    line(fmt::format("{:>12} {}", verb, message));
}

void Ui::warning(std::string_view message) const {
  line(color_ ? fmt::format("{}warning{}: {}", kBoldYellow, kReset, message)
              : fmt::format("warning: {}", message));
}

void Ui::error(std::string_view message) const {
  line(color_ ? fmt::format("{}error{}: {}", kBoldRed, kReset, message)
              : fmt::format("error: {}", message));
}

void Ui::note(std::string_view message) const {
  line(color_ ? fmt::format("{}note{}: {}", kBoldCyan, kReset, message)
              : fmt::format("note: {}", message));
}

void Ui::command(const std::vector<std::string>& argv) const {
  if (!verbose()) return;
  status("Running", fmt::format("`{}`", format_command(argv)));
}

void Ui::passthrough(std::string_view text) const {
  if (text.empty()) return;
  std::string out(text);
  if (out.back() != '\n') out += '\n';
  write_all(STDERR_FILENO, out);
}

bool terminal_supports_color(int fd) {
  if (!isatty(fd)) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  return !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace kbuild
