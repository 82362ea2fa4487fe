// kbuild test: build every test kernel, boot them in parallel, report.
#include <unistd.h>

#include "cli/cli.h"
#include "testing/test_session.h"

namespace kbuild::cli {

Command add_test_command(CLI::App& app, const GlobalOptions& global) {
  struct Options : BuildOptions {
    std::string junit, firmware;
    std::vector<std::string> filters;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("test", "Build the test kernels and boot each in QEMU, in parallel");
  add_build_options(sub, options.get(), "Test");
  sub->add_option("--junit", options->junit, "Also write a JUnit XML report to FILE");
  add_firmware_option(sub, &options->firmware, true);
  sub->add_option("filters", options->filters, "Only the tests whose name contains one of these");
  sub->footer(
      "Every file matching [test] sources (default tests/*.cpp) is a test kernel: it provides\n"
      "kernel_main and is linked with the kernel's sources minus [kernel] entry. It passes by\n"
      "exiting through the debug-exit port with [test] success-exit-code (kbuild_test_pass() in\n"
      "<kbuild/test.h>); anything else fails: another exit code, a power-off, a triple fault, or\n"
      "the [test] timeout. Extra QEMU arguments for tests go in [test] args.\n"
      "Logs: build/<profile>/tests/NAME.serial.log and NAME.int.log. With --firmware all (or\n"
      "[test] firmware = \"all\") each kernel boots under SeaBIOS and under OVMF, reported as NAME\n"
      "and NAME (uefi).\n"
      "Example: kbuild test alloc --junit report.xml");

  return {sub, [options, &global](const Context& base) {
            Context ctx = options->apply(base);
            Config config;
            if (!load_config(ctx, global, &config)) return kExitFailure;
            if (options->firmware == "all")
              config.test.firmwares = {Firmware::bios, Firmware::uefi};
            else if (!options->firmware.empty())
              config.test.firmwares = {*parse_firmware(options->firmware)};
            TestSessionOptions session;
            session.profile = options->profile_name();
            session.filters = options->filters;
            session.junit = options->junit;
            session.print = write_stdout;
            TestSessionResult result;
            std::string err;
            if (!run_test_session(ctx, config, session, &result, &err)) return fail(ctx, err);
            return result.exit_status;
          }};
}

}  // namespace kbuild::cli
