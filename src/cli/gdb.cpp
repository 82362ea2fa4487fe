// kbuild gdb: build, boot paused in QEMU, and debug the kernel with gdb from its first line.
#include <fmt/format.h>

#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "qemu/gdb_session.h"
#include "qemu/run_session.h"

namespace kbuild::cli {

Command add_gdb_command(CLI::App& app, const GlobalOptions& global) {
  struct Options : BuildOptions {
    unsigned port = 0;
    std::string firmware;
    std::vector<std::string> gdb_args;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("gdb", "Build the kernel, boot it paused in QEMU and debug it with gdb");
  add_build_options(sub, options.get(), "Debug");
  sub->add_option("--gdb-port", options->port, "The port QEMU waits for gdb on (default: a free one)")
      ->check(CLI::Range(1u, 65535u))
      ->option_text("PORT");
  add_firmware_option(sub, &options->firmware, false);
  sub->add_option("gdb-args", options->gdb_args, "Extra arguments for gdb, after --");
  sub->footer(
      "gdb (or gdb-multiarch) starts with the kernel's symbols, connected to QEMU on 127.0.0.1,\n"
      "with a hardware breakpoint on kernel_main (the loader copies the kernel into place, which\n"
      "would wipe a software one) and continues to it. The kernel's serial output goes to stdout.\n"
      "Ctrl-C interrupts the kernel (in gdb); quitting gdb ends the run. QEMU runs with TCG.\n"
      "Example: kbuild gdb -- -ex 'break kbuild_panic'");

  return {sub, [options, &global](const Context& base) {
            Context ctx = options->apply(base);
            Config config;
            Bootable bootable;
            if (int status = load_and_build(ctx, global, *options, &config, &bootable); status != kExitOk)
              return status;
            std::string err;
            if (!check_firmware_option(config, options->firmware, &err)) return fail(ctx, err);
            std::string debugger = find_debugger();
            if (debugger.empty()) return fail(ctx, "gdb not found in PATH: install it with `apt-get install gdb`");
            unsigned port = options->port ? options->port : free_tcp_port(&err);
            if (port == 0) return fail(ctx, err);

            RunOptions run;
            run.mode = RunMode::headless;
            run.firmware = options->firmware.empty() ? config.run.firmware : *parse_firmware(options->firmware);
            run.image = bootable.image;
            run.elf = bootable.elf;
            run.gdb = true;
            run.gdb_port = port;
            run.gdb_owns_terminal = true;
            run.accel = Accel::tcg;  // gdb's hardware breakpoints under KVM need a matching host CPU
            run.debugger = gdb_argv(debugger, bootable.elf, port, options->gdb_args);
            RunReport report;
            if (!run_kernel(ctx, config, run, &report, &err)) return fail(ctx, err);
            return report_run(ctx, global, report);
          }};
}

}  // namespace kbuild::cli
