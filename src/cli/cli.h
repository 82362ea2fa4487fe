// Shared pieces of the command line: global options, and how a subcommand plugs in. Each
// subcommand lives in its own file and only turns arguments into a call into kbuild_core.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "config/config.h"
#include "core/context.h"
#include "pipeline/pipeline.h"

namespace kbuild::cli {

struct GlobalOptions {
  int verbose = 0;
  bool quiet = false;
  std::string color = "auto";     // auto | always | never
  std::string manifest_path;      // --manifest-path; empty: search from the current directory
};

// A subcommand's work, run after parsing with the finished Context. Returns the exit status.
using Action = std::function<int(const Context&)>;

struct Command {
  CLI::App* app = nullptr;
  Action action;
};

using AddCommand = Command (*)(CLI::App& app, const GlobalOptions& global);

Command add_new_command(CLI::App& app, const GlobalOptions& global);
Command add_build_command(CLI::App& app, const GlobalOptions& global);
Command add_clean_command(CLI::App& app, const GlobalOptions& global);
Command add_image_command(CLI::App& app, const GlobalOptions& global);
Command add_run_command(CLI::App& app, const GlobalOptions& global);
Command add_runner_command(CLI::App& app, const GlobalOptions& global);
Command add_test_command(CLI::App& app, const GlobalOptions& global);
Command add_doctor_command(CLI::App& app, const GlobalOptions& global);
Command add_gdb_command(CLI::App& app, const GlobalOptions& global);
Command add_flags_command(CLI::App& app, const GlobalOptions& global);

// --release, --profile NAME and -j N: the options of every command that builds.
struct BuildOptions {
  bool release = false;
  std::string profile;
  unsigned jobs = 0;

  std::string profile_name() const { return release ? "release" : profile.empty() ? "dev" : profile; }
  Context apply(const Context& base) const {  // the context with -j applied
    Context ctx = base;
    if (jobs) ctx.jobs = jobs;
    return ctx;
  }
};
// `verb` completes "... the release profile", e.g. "Build", "Run", "Test".
void add_build_options(CLI::App* sub, BuildOptions* options, const std::string& verb);

// Help in kbuild's words (placeholders such as N, each command's examples); call once every
// command is added.
void style_help(CLI::App& app);
// The one line for a command line the parser refused: an unknown command or option (with a
// "did you mean"), or the parser's own complaint.
std::string usage_error(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv);

// --firmware bios|uefi (and "all" when `all` is true) into *value; empty when not given, so the
// caller falls back on kernel.toml's [run] or [test] firmware.
void add_firmware_option(CLI::App* sub, std::string* value, bool all);
// False with one line when the --firmware value given (empty: none) is not one the kernel's
// architecture boots on (aarch64 boots directly, without firmware).
bool check_firmware_option(const Config& config, const std::string& value, std::string* err);

// --accel auto|kvm|tcg into *value; empty when not given ([run] accel applies).
void add_accel_option(CLI::App* sub, std::string* value);

// Writes all of `text` to stdout (program output, as opposed to status lines on stderr).
void write_stdout(std::string_view text);

// Whether program output on stdout is colored: --color always or never, else (auto) when stdout
// is a terminal that takes colors, whatever stderr is.
bool stdout_color(const GlobalOptions& global);

// Prints the 80x25 screen a run left, in color when stdout_color says so.
void print_screen(const std::vector<uint8_t>& cells, const GlobalOptions& global);

// kernel.toml from --manifest-path or the search from the current directory; false when there is
// none (for commands that then use kbuild's defaults). A kernel.toml the search passed over
// because another user owns it is mentioned in a warning.
bool find_project_manifest(const Context& ctx, const GlobalOptions& global, std::filesystem::path* manifest);

}  // namespace kbuild::cli
namespace kbuild {
struct RunReport;
}
namespace kbuild::cli {

// After `kbuild run` or `kbuild runner`: the screen, the screenshot, then one line saying how the
// run ended (a green "Finished" only when it ended well; otherwise an error). Returns the exit status.
int report_run(const Context& ctx, const GlobalOptions& global, const RunReport& report);

// Finds and reads kernel.toml (from --manifest-path or the current directory upward). Prints the
// error itself and returns false.
bool load_config(const Context& ctx, const GlobalOptions& global, Config* config);

// kernel.toml, then the build and the image for the chosen profile. Prints the error itself and
// returns the exit status to use (kExitOk when it worked).
int load_and_build(const Context& ctx, const GlobalOptions& global, const BuildOptions& options, Config* config,
                   Bootable* bootable);

// Exit statuses shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

// Maps a failed step to the exit status: interrupted by Ctrl-C, or an ordinary failure (printed).
int fail(const Context& ctx, const std::string& message);

}  // namespace kbuild::cli
