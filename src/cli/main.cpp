// kbuild: build, image and boot C++ kernels. main() parses the command line, sets up the
// context, and runs the one subcommand that was asked for.
#include <unistd.h>

#include <thread>

#include <fmt/format.h>

#include "cli/cli.h"
#include "core/signals.h"

int main(int argc, char** argv) {
  using namespace kbuild;
  using namespace kbuild::cli;
  install_signal_handlers();

  CLI::App app{"kbuild: build, image and boot C++ kernels", "kbuild"};
  app.set_version_flag("-V,--version", "kbuild " KBUILD_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the subcommand too

  GlobalOptions global;
  app.add_flag("-v,--verbose", global.verbose, "Print every command exactly as it is run");
  app.add_flag("-q,--quiet", global.quiet, "Print only warnings and errors");
  app.add_option("--color", global.color, "When to color the output: auto (default), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->option_text("WHEN");
  app.add_option("--manifest-path", global.manifest_path,
                 "Path to kernel.toml (default: search the current directory and its parents)")
      ->option_text("PATH");

  std::vector<Command> commands;
  for (AddCommand add : {add_new_command, add_build_command, add_image_command, add_run_command,
                         add_test_command, add_runner_command, add_clean_command,
                         add_gdb_command, add_flags_command, add_doctor_command})
    commands.push_back(add(app, global));
  // After the commands: CLI11 copies the footer into every subcommand created after it.
  app.footer(
      "Examples:\n"
      "  kbuild new hello            create ./hello, a kernel that prints hello on the screen\n"
      "  cd hello && kbuild build    compile and link it: build/dev/hello.elf\n"
      "  kbuild build --release      the optimised profile, in build/release/\n\n"
      "Run `kbuild COMMAND --help` for a command's options.");
  style_help(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    bool color = terminal_supports_color(STDERR_FILENO);
    Ui(Verbosity::normal, color).error(usage_error(app, e, argc, argv) + " (see `kbuild --help`)");
    return kExitUsage;
  }

  bool color = global.color == "always" ||
               (global.color == "auto" && terminal_supports_color(STDERR_FILENO));
  Verbosity verbosity = global.quiet ? Verbosity::quiet
                        : global.verbose ? Verbosity::verbose
                                         : Verbosity::normal;
  Ui ui(verbosity, color);
  Context ctx;
  ctx.ui = &ui;
  ctx.jobs = std::max(1u, std::thread::hardware_concurrency());
  ctx.env = read_environment();
  std::string err;
  if (!find_data_dir(ctx.env, &ctx.data_dir, &err)) {
    ui.error(err);
    return kExitFailure;
  }

  for (const Command& command : commands)
    if (command.app->parsed()) {
      try {
        int status = command.action(ctx);
        return interrupted() && status == kExitOk ? kExitInterrupted : status;
      } catch (const std::exception& e) {
        // A bug or an unexpected system failure: one line, no stack trace.
        ui.error(fmt::format("internal error: {} (please report this with the command you ran)", e.what()));
        return kExitFailure;
      }
    }
  return kExitUsage;
}
