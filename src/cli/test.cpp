// kbuild test: build every test kernel, boot them in parallel, report.
#include <unistd.h>

#include "cli/cli.h"
#include "testing/test_session.h"

namespace kbuild::cli {

Command add_test_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    bool release = false;
    std::string profile, junit;
    unsigned jobs = 0;
    std::vector<std::string> filters;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("test", "Build the test kernels and boot each in QEMU, in parallel");
  auto* release = sub->add_flag("-r,--release", options->release, "Test the release profile");
  sub->add_option("--profile", options->profile, "Test the named profile from kernel.toml")->excludes(release);
  sub->add_option("-j,--jobs", options->jobs, "Run at most N compiles and N QEMUs at once (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--junit", options->junit, "Also write a JUnit XML report to FILE");
  sub->add_option("filters", options->filters, "Only the tests whose name contains one of these");
  sub->footer(
      "Every file matching [test] sources (default tests/*.cpp) is a test kernel: it provides\n"
      "kernel_main and is linked with the kernel's sources minus [kernel] entry. It passes by\n"
      "exiting through the debug-exit port with [test] success-exit-code (kbuild_test_pass() in\n"
      "<kbuild/test.h>); anything else fails: another exit code, a power-off, a triple fault, or\n"
      "the [test] timeout. Extra QEMU arguments for tests go in [test] args.\n"
      "Logs: build/<profile>/tests/NAME.serial.log and NAME.int.log.\n"
      "Example: kbuild test alloc --junit report.xml");

  return {sub, [options, &global](const Context& base) {
            Context ctx = base;
            if (options->jobs) ctx.jobs = options->jobs;
            Config config;
            if (!load_config(ctx, global, &config)) return kExitFailure;
            TestSessionOptions session;
            session.profile = options->release ? "release" : options->profile.empty() ? "dev" : options->profile;
            session.filters = options->filters;
            session.junit = options->junit;
            session.print = [](std::string_view text) {
              size_t done = 0;
              while (done < text.size()) {
                ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
                if (n <= 0) break;
                done += static_cast<size_t>(n);
              }
            };
            TestSessionResult result;
            std::string err;
            if (!run_test_session(ctx, config, session, &result, &err)) return fail(ctx, err);
            return result.exit_status;
          }};
}

}  // namespace kbuild::cli
