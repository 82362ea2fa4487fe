// kbuild image ELF -o IMG: a bootable disk image for any kernel ELF, however it was built.
#include <fmt/format.h>

#include "cli/cli.h"
#include "config/config_reader.h"
#include "config/config_values.h"
#include "image/kernel_image.h"
#include "pipeline/pipeline.h"

namespace kbuild::cli {

Command add_image_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    std::string elf, out, cmdline;
    std::string stack_size;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("image", "Make a bootable disk image from a kernel ELF (no compiling)");
  sub->add_option("elf", options->elf, "The kernel ELF (x86_64, statically linked)")->required();
  sub->add_option("-o,--output", options->out, "The image to write (default: ELF with .img)");
  sub->add_option("--cmdline", options->cmdline, "Kernel command line (default: kernel.toml's, if any)");
  sub->add_option("--stack-size", options->stack_size,
                  "Kernel stack: bytes, or a size such as 128K or 1M, as in kernel.toml (default: "
                  "kernel.toml's or 128K)")
      ->option_text("SIZE");
  sub->footer(
      "Settings come from kernel.toml when one is found (current directory or parents, or\n"
      "--manifest-path); otherwise kbuild's defaults. [target] boot chooses the disk: \"hybrid\"\n"
      "(the default) boots on BIOS and on UEFI machines, \"bios\" on BIOS only, \"uefi\" on UEFI only.\n"
      "It boots with\n"
      "  qemu-system-x86_64 -drive format=raw,file=IMG                             (BIOS)\n"
      "  qemu-system-x86_64 -bios /usr/share/ovmf/OVMF.fd -drive format=raw,file=IMG (UEFI)\n"
      "and on a real machine when copied to a USB stick with dd (-o writes files only: a device\n"
      "given as -o is refused).");

  return {sub, [options, &global](const Context& ctx) {
            namespace fs = std::filesystem;
            Config config;  // kbuild's defaults, unless a kernel.toml is found
            fs::path manifest;
            std::string err;
            if (find_project_manifest(ctx, global, &manifest)) {
              if (!load_config(ctx, global, &config)) return kExitFailure;
            }
            ImageOptions image = image_options(config);
            if (!options->cmdline.empty()) image.cmdline = options->cmdline;
            if (!options->stack_size.empty() && !parse_byte_size(options->stack_size, &image.stack_size))
              return fail(ctx, fmt::format("--stack-size '{}' is not a size (write bytes, or a number "
                                           "with K, M or G, as in 128K)",
                                           options->stack_size));
            fs::path out = options->out.empty() ? default_image_path(options->elf) : fs::path(options->out);
            ImageResult result;
            if (!make_kernel_image(options->elf, image, out, {}, &result, &err)) return fail(ctx, err);
            ctx.ui->status(result.written ? "Imaged" : "Fresh",
                           fmt::format("{} ({})", out.string(), describe_image(result, image.boot)));
            return kExitOk;
          }};
}

}  // namespace kbuild::cli
