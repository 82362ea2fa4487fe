// kbuild build: compile and link the kernel (incrementally), then make its disk image.
#include <fmt/format.h>

#include "build/build.h"
#include "cli/cli.h"

namespace kbuild::cli {

Command add_build_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    bool release = false;
    std::string profile;
    unsigned jobs = 0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("build", "Compile and link the kernel");
  auto* release = sub->add_flag("-r,--release", options->release, "Build the release profile (optimised)");
  sub->add_option("--profile", options->profile, "Build the named profile from kernel.toml")
      ->excludes(release);
  sub->add_option("-j,--jobs", options->jobs, "Run at most N compiles at once (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  sub->footer("Outputs go to build/<profile>/; build/compile_commands.json is kept up to date for clangd.");

  return {sub, [options, &global](const Context& base) {
            Context ctx = base;
            if (options->jobs) ctx.jobs = options->jobs;
            Config config;
            if (!load_config(ctx, global, &config)) return kExitFailure;
            BuildRequest request;
            request.config = &config;
            request.profile = options->release ? "release"
                              : options->profile.empty() ? "dev"
                                                         : options->profile;
            BuildResult result;
            std::string err;
            if (!build_kernel(ctx, request, &result, &err)) return fail(ctx, err);
            return kExitOk;
          }};
}

}  // namespace kbuild::cli
