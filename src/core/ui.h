// What kbuild says to the user: cargo-like status lines on stderr ("   Compiling hello (dev)"),
// colored on a terminal and plain when piped, plus errors, warnings and, with -v, every command
// exactly as run. Tool output (clang's diagnostics) passes through unchanged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

enum class Verbosity { quiet, normal, verbose };

class Ui {
 public:
  // color: whether stderr gets ANSI colors (decided by the caller from isatty, NO_COLOR, --color).
  Ui(Verbosity verbosity, bool color);

  // A right-aligned green verb and a message: "   Compiling hello v0.1.0 (dev)". Not in quiet mode.
  void status(std::string_view verb, std::string_view message) const;
  // "warning: ..." in yellow; shown even in quiet mode.
  void warning(std::string_view message) const;
  // "error: ..." in red; always shown.
  void error(std::string_view message) const;
  // "note: ..." (dimmed): extra context under an error or warning.
  void note(std::string_view message) const;
  // With -v: "     Running `clang++ ...`" (argv quoted for copy-paste).
  void command(const std::vector<std::string>& argv) const;
  // Text from a tool (a compiler's diagnostics), written to stderr as is.
  void passthrough(std::string_view text) const;

  bool color() const { return color_; }
  bool verbose() const { return verbosity_ == Verbosity::verbose; }
  bool quiet() const { return verbosity_ == Verbosity::quiet; }

 private:
  void line(std::string_view text) const;
  Verbosity verbosity_;
  bool color_;
};

// Whether `fd` is a terminal that takes colors (honours NO_COLOR and TERM=dumb).
bool terminal_supports_color(int fd);

}  // namespace kbuild
