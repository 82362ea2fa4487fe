// kbuild run: build if needed, then boot the kernel in QEMU.
#include <fmt/format.h>

#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "qemu/gdb_session.h"
#include "qemu/run_session.h"

namespace kbuild::cli {

Command add_run_command(CLI::App& app, const GlobalOptions& global) {
  struct Options : BuildOptions {
    bool headless = false, gdb = false;
    std::string screenshot, firmware, accel;
    unsigned timeout = 0, gdb_port = 1234;
    std::vector<std::string> qemu_args;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("run", "Build the kernel if needed and boot it in QEMU");
  add_build_options(sub, options.get(), "Run");
  sub->add_flag("--headless", options->headless,
                "No window: serial output on stdout, and the final VGA text screen printed at the end");
  sub->add_option("--timeout", options->timeout, "Stop QEMU after this many seconds (default: never)");
  sub->add_option("--screenshot", options->screenshot, "Save the final screen as a PNG file")
      ->option_text("FILE");
  sub->add_flag("--gdb", options->gdb, "Start QEMU paused, waiting for gdb on 127.0.0.1 (see also `kbuild gdb`)");
  sub->add_option("--gdb-port", options->gdb_port, "The port for --gdb (default: 1234)")
      ->check(CLI::Range(1u, 65535u))
      ->option_text("PORT");
  add_firmware_option(sub, &options->firmware, false);
  add_accel_option(sub, &options->accel);
  sub->add_option("qemu-args", options->qemu_args, "Extra arguments for QEMU, after --");
  sub->footer(
      "The kernel ends a headless run by powering off (kbuild_halt() does, under QEMU) or by\n"
      "writing an exit code to the debug-exit port (kbuild_exit()). A loader failure, a CPU\n"
      "fault (with [run] no-reboot, the default) or a panic ends the run at once, explained,\n"
      "with exit status 1. Without $DISPLAY the window becomes a curses screen in the terminal.\n"
      "Under UEFI (--firmware uefi, OVMF) the screen is a framebuffer: a headless run saves it as\n"
      "NAME.screen.png beside the image.\n"
      "Example: kbuild run --headless --timeout 30 -- -smp 2");

  return {sub, [options, &global](const Context& base) {
            Context ctx = options->apply(base);
            Config config;
            Bootable bootable;
            if (int status = load_and_build(ctx, global, *options, &config, &bootable); status != kExitOk) return status;
            std::string err;
            if (!check_firmware_option(config, options->firmware, &err)) return fail(ctx, err);

            RunOptions run;
            run.mode = options->headless ? RunMode::headless : RunMode::window;
            run.firmware = options->firmware.empty() ? config.run.firmware : *parse_firmware(options->firmware);
            run.image = bootable.image;
            run.elf = bootable.elf;
            run.extra_args = options->qemu_args;
            run.timeout = std::chrono::seconds(options->timeout);
            run.screenshot = options->screenshot;
            run.gdb = options->gdb;
            run.gdb_port = options->gdb_port;
            if (!options->accel.empty()) run.accel = parse_accel(options->accel);
            if (options->gdb)
              ctx.ui->note(fmt::format("QEMU waits for gdb; in another terminal: {}",
                                       format_command(gdb_argv(debugger_name(), bootable.elf, options->gdb_port, {}))));
            RunReport report;
            if (!run_kernel(ctx, config, run, &report, &err)) return fail(ctx, err);
            return report_run(ctx, global, report);
          }};
}

// The line between a run's serial output and the screen it left, both on stdout.
constexpr std::string_view kScreenSeparator = "---- the screen at the end (80x25 VGA text) ----";

int report_run(const Context& ctx, const GlobalOptions& global, const RunReport& report) {
  if (report.screen) {  // apart from the serial output above it
    write_stdout(report.serial_mid_line ? "\n" : "");
    write_stdout(kScreenSeparator);
    print_screen(*report.screen, global);
  }
  if (report.screenshot_saved) ctx.ui->status("Saved", fmt::format("screenshot {}", report.screenshot.string()));
  if (report.passed)
    ctx.ui->status("Finished", report.summary);
  else
    ctx.ui->error(report.summary);
  if (!report.screenshot_error.empty()) {
    ctx.ui->error(report.screenshot_error);
    if (report.exit_status == kExitOk) return kExitFailure;
  }
  return report.exit_status;
}

}  // namespace kbuild::cli
