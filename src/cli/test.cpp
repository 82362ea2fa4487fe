// kbuild test: build every test kernel, boot them in parallel, report each case.

#include "cli/cli.h"
#include "core/ui.h"
#include "testing/test_session.h"

namespace kbuild::cli {

Command add_test_command(CLI::App& app, const GlobalOptions& global) {
  struct Options : BuildOptions {
    std::string junit, firmware, accel;
    std::vector<std::string> filters, skip;
    bool list = false, exact = false, fail_fast = false, bless = false, nocapture = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("test", "Build the test kernels and boot each in QEMU, in parallel");
  add_build_options(sub, options.get(), "Test");
  sub->add_option("--junit", options->junit,
                  "Also write a JUnit XML report to FILE (its directory is created)")
      ->option_text("FILE");
  sub->add_flag("--list", options->list, "List the test kernels and their cases without booting anything");
  sub->add_flag("--exact", options->exact, "Filters and --skip match whole names (KERNEL or KERNEL::CASE)");
  sub->add_option("--skip", options->skip,
                  "Leave out the cases whose name contains PATTERN (repeatable)")
      ->option_text("PATTERN");
  sub->add_flag("--fail-fast", options->fail_fast, "Stop at the first failing test kernel");
  sub->add_flag("--nocapture", options->nocapture,
                "Show each kernel's serial output as it runs, every line prefixed with `KERNEL: `");
  sub->add_flag("--bless", options->bless,
                "Write the final screen of each kernel with [test.NAME] expect-screen to its file");
  add_firmware_option(sub, &options->firmware, true);
  add_accel_option(sub, &options->accel);
  sub->add_option("filters", options->filters,
                  "Only the cases whose KERNEL::CASE name contains one of these");
  sub->footer(
      "Every file matching [test] sources (default tests/*.cpp) is a test kernel: it provides\n"
      "kernel_main and is linked with the kernel's sources minus [kernel] entry. Its KBUILD_TEST\n"
      "cases (<kbuild/test.h>) are reported one by one as KERNEL::CASE; a kernel without cases\n"
      "passes by exiting through the debug-exit port with [test] success-exit-code\n"
      "(kbuild_test_pass()); anything else fails: another exit code, a power-off, a CPU fault,\n"
      "or the [test] timeout. Only kernels with a selected case boot, and they run only those.\n"
      "Extra QEMU arguments for tests go in [test] args.\n"
      "Logs: build/<profile>/tests/NAME.serial.log and NAME.int.log. With --firmware all (or\n"
      "[test] or [test.NAME] firmware = \"all\") each kernel boots under SeaBIOS and under OVMF,\n"
      "reported as NAME and NAME[uefi].\n"
      "Example: kbuild test alloc --junit out/report.xml\n"
      "Example: kbuild test --exact mm::large_alloc");

  return {sub, [options, &global](const Context& base) {
            Context ctx = options->apply(base);
            Config config;
            if (!load_config(ctx, global, &config)) return kExitFailure;
            if (!options->accel.empty()) config.run.accel = *parse_accel(options->accel);
            if (std::string err; !check_firmware_option(config, options->firmware, &err)) return fail(ctx, err);
            TestSessionOptions session;
            if (!options->firmware.empty()) session.firmwares = *parse_firmware_list(options->firmware);
            session.profile = options->profile_name();
            session.filters = options->filters;
            session.skip = options->skip;
            session.exact = options->exact;
            session.list = options->list;
            session.fail_fast = options->fail_fast;
            session.bless = options->bless;
            session.nocapture = options->nocapture;
            session.color = stdout_color(global);
            session.junit = options->junit;
            session.print = write_stdout;
            TestSessionResult result;
            std::string err;
            if (!run_test_session(ctx, config, session, &result, &err)) return fail(ctx, err);
            return result.exit_status;
          }};
}

}  // namespace kbuild::cli
