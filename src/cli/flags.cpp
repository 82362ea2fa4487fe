// kbuild flags: the freestanding target's compile or link flags, for build systems that compile
// kernels themselves (cmake/kbuild-toolchain.cmake asks it at configure time).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "build/target.h"
#include "cli/cli.h"
#include "config/arch.h"

namespace kbuild::cli {

namespace {

struct FlagsOptions {
  std::string arch = "x86_64";
  std::string compile;  // c | c++ | asm
  bool link = false;
  bool cmake = false;
};

SourceLanguage language_named(const std::string& name) {
  if (name == "c") return SourceLanguage::c;
  if (name == "asm") return SourceLanguage::assembly;
  return SourceLanguage::cxx;
}

}  // namespace

Command add_flags_command(CLI::App& app, const GlobalOptions&) {
  auto options = std::make_shared<FlagsOptions>();
  CLI::App* sub = app.add_subcommand("flags", "Print the target's compile or link flags, as `kbuild build` uses them");
  sub->add_option("--arch", options->arch, "The architecture, as kernel.toml's arch (default: x86_64)")
      ->option_text("ARCH");
  CLI::Option* compile = sub->add_option("--compile", options->compile,
                                         "The flags that compile LANG: c, c++ or asm")
                             ->check(CLI::IsMember({"c", "c++", "asm"}))
                             ->option_text("LANG");
  sub->add_flag("--link", options->link, "The flags ld.lld links a kernel with (before -T SCRIPT)")
      ->excludes(compile);
  sub->add_flag("--cmake", options->cmake, "One CMake list (flags joined by ';') instead of one flag a line");
  sub->footer(
      "Only what every kernel gets: no -std, -O, -g, kernel.toml flags or linker script. The compile\n"
      "flags name this kbuild's header directories (-isystem DATA/runtime/include, ...).");
  return {sub, [options](const Context& ctx) {
            if (options->compile.empty() && !options->link) {
              ctx.ui->error("kbuild flags needs --compile LANG (c, c++ or asm) or --link");
              return kExitUsage;
            }
            Arch arch;
            if (!arch_from_name(options->arch, &arch)) {
              ctx.ui->error(fmt::format(
                  "--arch {}: not a known architecture (expected {})", options->arch, quoted_arch_names()));
              return kExitUsage;
            }
            std::vector<std::string> flags;
            std::string err;
            bool ok = options->link ? kernel_link_flags(arch, &flags, &err)
                                    : kernel_target_flags(arch, language_named(options->compile), &flags, &err);
            if (!ok) return fail(ctx, err);
            if (!options->link) {
              std::vector<std::string> includes = runtime_include_flags(ctx.data_dir);
              flags.insert(flags.end(), includes.begin(), includes.end());
            }
            write_stdout(fmt::format("{}\n", fmt::join(flags, options->cmake ? ";" : "\n")));
            return kExitOk;
          }};
}

}  // namespace kbuild::cli
