// Pieces every subcommand shares: reading kernel.toml, the build options, failing, printing.
#include <unistd.h>

#include <fmt/format.h>

#include "build/target.h"
#include "cli/cli.h"
#include "config/config_reader.h"
#include "core/fd_io.h"
#include "core/signals.h"
#include "pipeline/pipeline.h"
#include "qemu/machine.h"
#include "qemu/vga_text.h"

namespace kbuild::cli {

void add_firmware_option(CLI::App* sub, std::string* value, bool all) {
  sub->add_option("--firmware", *value,
                   all ? "Boot under \"bios\" (SeaBIOS), \"uefi\" (OVMF; AAVMF on aarch64, U-Boot on riscv64, which boot directly without it) or \"all\" (each kernel on both); "
                         "default: [test] firmware, else bios"
                       : "Boot under \"bios\" (SeaBIOS) or \"uefi\" (OVMF; AAVMF on aarch64, U-Boot on riscv64, which boot directly without it); default: [run] firmware, else bios")
      ->check(CLI::IsMember(all ? std::vector<std::string>{"bios", "uefi", "all"}
                                : std::vector<std::string>{"bios", "uefi"}))
      ->option_text("FIRMWARE");
}

bool check_firmware_option(const Config& config, const std::string& value, std::string* err) {
  // Without --firmware, [run] firmware applies: a UEFI the machine cannot boot is refused too.
  if (value.empty()) return check_firmware_key(config, "[run] firmware", {config.run.firmware}, err);
  // "all" is every way the machine boots: on QEMU virt the direct path (and UEFI where there is
  // a loader for it), never a BIOS that is not there.
  for (Firmware firmware : parse_firmware_list(value).value_or(std::vector<Firmware>{}))
    if (!(value == "all" && firmware == Firmware::bios) && !check_machine_firmware(config.arch.value, firmware, err))
      return false;
  return true;
}

void add_build_options(CLI::App* sub, BuildOptions* options, const std::string& verb) {
  auto* release = sub->add_flag("-r,--release", options->release, verb + " the release profile (optimised)");
  sub->add_option("--profile", options->profile, verb + " the named profile from kernel.toml (not with --release)")
      ->excludes(release)
      ->option_text("NAME");
  sub->add_option("-j,--jobs", options->jobs, "Run at most N jobs at once, 1 to 1024 (default: all cores)")
      ->check(CLI::Range(1u, 1024u))
      ->option_text("N");
}

int load_and_build(const Context& ctx, const GlobalOptions& global, const BuildOptions& options, Config* config,
                   Bootable* bootable) {
  if (!load_config(ctx, global, config)) return kExitFailure;
  std::string err;
  if (!build_bootable(ctx, *config, options.profile_name(), bootable, &err)) return fail(ctx, err);
  return kExitOk;
}

void write_stdout(std::string_view text) { write_all(STDOUT_FILENO, text); }

bool stdout_color(const GlobalOptions& global) {
  return global.color == "always" ||
         (global.color == "auto" && terminal_supports_color(STDOUT_FILENO));
}

void print_screen(const std::vector<uint8_t>& cells, const GlobalOptions& global) {
  write_stdout("\n" + render_vga_text(cells, stdout_color(global)));
}


int fail(const Context& ctx, const std::string& message) {
  if (interrupted()) {
    ctx.ui->error("interrupted");
    return kExitInterrupted;
  }
  ctx.ui->error(message);
  return kExitFailure;
}

bool find_project_manifest(const Context& ctx, const GlobalOptions& global, std::filesystem::path* manifest) {
  if (!global.manifest_path.empty()) {
    *manifest = global.manifest_path;
    return true;
  }
  std::string err, refused;
  std::error_code ec;
  if (find_manifest(std::filesystem::current_path(ec), manifest, &err, &refused)) return true;
  if (!refused.empty()) ctx.ui->warning(refused);
  return false;
}

bool load_config(const Context& ctx, const GlobalOptions& global, Config* config) {
  std::string err;
  std::filesystem::path manifest = global.manifest_path;
  if (manifest.empty()) {
    std::error_code ec;
    if (!find_manifest(std::filesystem::current_path(ec), &manifest, &err)) {
      ctx.ui->error(err);
      return false;
    }
  }
  // Its [run] command and compiler-launcher are about to run: say whose they are.
  if (ctx.ui->verbose()) {
    std::error_code ec;
    ctx.ui->status("Manifest", std::filesystem::absolute(manifest, ec).lexically_normal().string());
  }
  if (!read_config(manifest, config, &err)) {
    ctx.ui->error(err);
    return false;
  }
  return true;
}

}  // namespace kbuild::cli