// kbuild clean: remove the build directory.
#include <fmt/format.h>

#include "cli/cli.h"

namespace kbuild::cli {

Command add_clean_command(CLI::App& app, const GlobalOptions& global) {
  CLI::App* sub = app.add_subcommand("clean", "Remove the project's build directory");
  return {sub, [&global](const Context& ctx) {
            Config config;
            if (!load_config(ctx, global, &config)) return kExitFailure;
            std::error_code ec;
            std::filesystem::path dir = config.root / "build";
            if (!std::filesystem::exists(std::filesystem::symlink_status(dir, ec))) {
              ctx.ui->status("Clean", "nothing to remove: there is no build directory");
              return kExitOk;
            }
            auto removed = std::filesystem::remove_all(dir, ec);
            if (ec) return fail(ctx, fmt::format("cannot remove {}: {}", dir.string(), ec.message()));
            ctx.ui->status("Removed", fmt::format("{} files from {}", removed, dir.string()));
            return kExitOk;
          }};
}

}  // namespace kbuild::cli
