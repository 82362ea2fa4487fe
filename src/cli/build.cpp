// kbuild build: compile and link the kernel (incrementally), then make its disk image.
#include <fmt/format.h>

#include "cli/cli.h"
#include "pipeline/pipeline.h"

namespace kbuild::cli {

Command add_build_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<BuildOptions>();
  CLI::App* sub = app.add_subcommand("build", "Compile and link the kernel, and make its bootable disk image");
  add_build_options(sub, options.get(), "Build");
  sub->footer(
      "Outputs go to build/<profile>/: NAME.elf (with symbols) and NAME.img (boot it with\n"
      "`kbuild run`, or qemu-system-x86_64 -drive format=raw,file=build/dev/NAME.img).\n"
      "build/compile_commands.json is kept up to date for clangd.");

  return {sub, [options, &global](const Context& base) {
            Context ctx = options->apply(base);
            Config config;
            Bootable bootable;
            return load_and_build(ctx, global, *options, &config, &bootable);
          }};
}

}  // namespace kbuild::cli
