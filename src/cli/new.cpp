// kbuild new PATH: scaffold a kernel project.
#include <fmt/format.h>

#include "cli/cli.h"
#include "config/arch.h"
#include "scaffold/scaffold.h"

namespace kbuild::cli {

Command add_new_command(CLI::App& app, const GlobalOptions&) {
  struct Options {
    std::string path;
    std::string name;
    std::string arch = arch_name(arches().front().arch);
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("new", "Create a new kernel project from kbuild's template");
  sub->add_option("path", options->path, "Directory to create; its last component is the kernel's name")
      ->required();
  sub->add_option("--name", options->name, "Kernel name (default: the directory's name)");
  sub->add_option("--arch", options->arch,
                  fmt::format("Target architecture, written as [target] arch: {} (x86_64 by default)",
                              quoted_arch_names()))
      ->check(CLI::IsMember(arch_names()))
      ->option_text("ARCH");

  return {sub, [options](const Context& ctx) {
            namespace fs = std::filesystem;
            std::error_code ec;
            fs::path dest = fs::absolute(options->path, ec).lexically_normal();
            if (dest.has_parent_path() && dest.filename().empty()) dest = dest.parent_path();
            std::string name = options->name.empty() ? dest.filename().string() : options->name;
            std::string err;
            if (!check_kernel_name(name, &err)) return fail(ctx, err);
            std::vector<fs::path> created;
            if (!scaffold_project(ctx.data_dir / "templates" / "kernel", dest, name, &created, &err, {},
                                  options->arch))
              return fail(ctx, err);
            ctx.ui->status("Created", fmt::format("kernel `{}` in {}", name, options->path));
            // Already standing in it (`kbuild new .`): no `cd` to suggest.
            bool here = dest == fs::current_path(ec).lexically_normal();
            if (!ctx.ui->quiet())
              ctx.ui->passthrough(here ? std::string("\nNext:\n  kbuild build\n")
                                       : fmt::format("\nNext:\n  cd {}\n  kbuild build\n", options->path));
            return kExitOk;
          }};
}

}  // namespace kbuild::cli
