// kbuild run: build if needed, then boot the kernel in QEMU.
#include <unistd.h>

#include <fmt/format.h>

#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "runner/run_session.h"
#include "runner/vga_text.h"

namespace kbuild::cli {

Command add_run_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    bool release = false, headless = false, gdb = false;
    std::string profile, screenshot;
    unsigned timeout = 0;
    std::vector<std::string> qemu_args;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("run", "Build the kernel if needed and boot it in QEMU");
  auto* release = sub->add_flag("-r,--release", options->release, "Run the release profile");
  sub->add_option("--profile", options->profile, "Run the named profile from kernel.toml")->excludes(release);
  sub->add_flag("--headless", options->headless,
                "No window: serial output on stdout, and the final VGA text screen printed at the end");
  sub->add_option("--timeout", options->timeout, "Stop QEMU after this many seconds (default: never)");
  sub->add_option("--screenshot", options->screenshot, "Save the final screen as a PNG file");
  sub->add_flag("--gdb", options->gdb, "Start QEMU paused, waiting for gdb on localhost:1234");
  sub->add_option("qemu-args", options->qemu_args, "Extra arguments for QEMU, after --");
  sub->footer(
      "The kernel ends a headless run by powering off (kbuild_halt() does, under QEMU) or by\n"
      "writing an exit code to the debug-exit port (kbuild_exit()). Without $DISPLAY the\n"
      "window becomes a curses screen in the terminal.\n"
      "Example: kbuild run --headless --timeout 30 -- -smp 2");

  return {sub, [options, &global](const Context& ctx) {
            Config config;
            if (!load_config(ctx, global, &config)) return kExitFailure;
            std::string profile = options->release ? "release" : options->profile.empty() ? "dev" : options->profile;
            Bootable bootable;
            std::string err;
            if (!build_bootable(ctx, config, profile, &bootable, &err)) return fail(ctx, err);

            RunOptions run;
            run.mode = options->headless ? RunMode::headless : RunMode::window;
            run.image = bootable.image;
            run.extra_args = options->qemu_args;
            run.timeout = std::chrono::seconds(options->timeout);
            run.screenshot = options->screenshot;
            run.gdb = options->gdb;
            if (options->gdb)
              ctx.ui->note(fmt::format("symbols: gdb -ex 'target remote :1234' {}", bootable.elf.string()));
            RunReport report;
            if (!run_kernel(ctx, config, run, &report, &err)) return fail(ctx, err);
            if (report.screen) {
              std::string screen = render_vga_text(*report.screen, terminal_supports_color(STDOUT_FILENO) &&
                                                                       global.color != "never");
              std::string out = "\n" + screen;
              [[maybe_unused]] ssize_t n = ::write(STDOUT_FILENO, out.data(), out.size());
            }
            if (!options->screenshot.empty() && report.screen)
              ctx.ui->status("Saved", fmt::format("screenshot {}", options->screenshot));
            ctx.ui->status("Finished", report.summary);
            return report.exit_status;
          }};
}

}  // namespace kbuild::cli
