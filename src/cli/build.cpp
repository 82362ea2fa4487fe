// kbuild build: compile and link the kernel (incrementally), then make its disk image.
#include <fmt/format.h>

#include "cli/cli.h"
#include "pipeline/pipeline.h"

namespace kbuild::cli {

Command add_build_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    bool release = false;
    std::string profile;
    unsigned jobs = 0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("build", "Compile and link the kernel, and make its bootable disk image");
  auto* release = sub->add_flag("-r,--release", options->release, "Build the release profile (optimised)");
  sub->add_option("--profile", options->profile, "Build the named profile from kernel.toml")
      ->excludes(release);
  sub->add_option("-j,--jobs", options->jobs, "Run at most N compiles at once (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  sub->footer(
      "Outputs go to build/<profile>/: NAME.elf (with symbols) and NAME.img (boot it with\n"
      "`kbuild run`, or qemu-system-x86_64 -drive format=raw,file=build/dev/NAME.img).\n"
      "build/compile_commands.json is kept up to date for clangd.");

  return {sub, [options, &global](const Context& base) {
            Context ctx = base;
            if (options->jobs) ctx.jobs = options->jobs;
            Config config;
            if (!load_config(ctx, global, &config)) return kExitFailure;
            std::string profile = options->release ? "release"
                                  : options->profile.empty() ? "dev"
                                                             : options->profile;
            Bootable bootable;
            std::string err;
            if (!build_bootable(ctx, config, profile, &bootable, &err)) return fail(ctx, err);
            return kExitOk;
          }};
}

}  // namespace kbuild::cli
