// kbuild runner ELF [ARGS...]: the hook other build systems point at (a cargo `runner`, CMake's
// CROSSCOMPILING_EMULATOR, Meson's exe_wrapper): image the ELF and boot it, as a run or a test.
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "cli/cli.h"
#include "config/config_reader.h"
#include "boot_limits.h"
#include "build/target.h"
#include "core/fs.h"
#include "core/process.h"
#include "image/image_writer.h"
#include "image/kernel_image.h"
#include "pipeline/pipeline.h"
#include "qemu/gdb_session.h"
#include "qemu/run_session.h"
#include "testing/test_report.h"
#include "testing/test_runner.h"

namespace kbuild::cli {
namespace {
namespace fs = std::filesystem;

// cargo puts test binaries in target/<triple>/<profile>/deps/ (bootimage tells tests apart so).
bool looks_like_cargo_test(const fs::path& elf) {
  return fs::absolute(elf).parent_path().filename() == "deps";
}

// kernel.toml of the project we are in, or kbuild's defaults when there is none.
bool runner_config(const Context& ctx, const GlobalOptions& global, Config* config) {
  fs::path manifest;
  std::error_code ec;
  if (find_project_manifest(ctx, global, &manifest)) return load_config(ctx, global, config);
  config->root = fs::current_path(ec);
  config->profiles["dev"].name = "dev";
  return true;
}

// The spellings of kbuild's own options: the runner's and the global ones.
std::vector<std::string> option_names(const CLI::App& sub) {
  std::vector<std::string> names;
  for (const CLI::App* app : {&sub, static_cast<const CLI::App*>(sub.get_parent())}) {
    if (!app) continue;
    for (const CLI::Option* option : app->get_options()) {
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
      for (const std::string& name : option->get_snames()) names.push_back("-" + name);
    }
  }
  return names;
}

// What follows the ELF: the kernel's command line, then after `--` QEMU's arguments, as cargo
// hands a runner "the binary, then its arguments". An argument spelled like one of kbuild's
// options is refused there rather than quietly given to the kernel.
bool split_after_elf(const CLI::App& sub, const std::string& elf, const std::vector<std::string>& rest,
                     std::vector<std::string>* kernel, std::vector<std::string>* qemu, std::string* err) {
  auto dash = std::find(rest.begin(), rest.end(), "--");
  kernel->assign(rest.begin(), dash);
  if (dash != rest.end()) qemu->assign(dash + 1, rest.end());
  std::vector<std::string> names = option_names(sub);
  for (const std::string& arg : *kernel) {
    std::string spelled = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), spelled) == names.end()) continue;
    *err = fmt::format(
        "kbuild runner: '{0}' after the kernel would be passed to the kernel's command line; put kbuild "
        "options before the kernel (kbuild runner {0} {1}), and QEMU arguments after `--`",
        arg, fs::path(elf).filename().string());
    return false;
  }
  return true;
}

// --module FILE[=CMDLINE]: FILE relative to the current directory, checked before any work.
bool runner_modules(const std::vector<std::string>& specs, std::vector<ModuleConfig>* out, std::string* err) {
  out->clear();
  if (!kbuild_limits::module_count_ok(specs.size())) {
    *err = fmt::format("--module given {} times, at most {}", specs.size(), kbuild_limits::kMaxModules);
    return false;
  }
  for (const std::string& spec : specs) {
    size_t eq = spec.find('=');
    ImageModule module{fs::absolute(spec.substr(0, eq)), eq == std::string::npos ? "" : spec.substr(eq + 1)};
    std::string why;
    if (eq == 0) {
      why = "no file before '='";
    } else if (std::string problem = regular_file_problem(module.path); !problem.empty()) {
      why = module.path.string() + " " + problem;  // readable now, not only when the image is written
    } else {
      module_fields_ok(module, &why);
    }
    if (!why.empty()) {
      *err = fmt::format("--module {}: {}", spec, why);
      return false;
    }
    out->push_back({{module.path.string(), {}}, module.cmdline});
  }
  return true;
}

}  // namespace

Command add_runner_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    std::string elf;
    std::vector<std::string> args;
    bool test = false, headless = false, gdb = false;
    unsigned timeout = 0, gdb_port = 1234;
    std::string firmware, accel, screenshot;
    std::vector<std::string> modules;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand(
      "runner", "Image a kernel ELF built elsewhere and boot it (for cargo, CTest, Meson)");
  sub->add_flag("--test", options->test,
                "Run it as a test: [test] settings, pass only on the success exit code "
                "(automatic for cargo test binaries in .../deps/)");
  sub->add_flag("--headless", options->headless, "No window (tests are always headless)");
  sub->add_option("--timeout", options->timeout, "Seconds before QEMU is stopped (tests: [test] timeout)");
  sub->add_option("--screenshot", options->screenshot, "Save the final screen as a PNG file (runs only)")
      ->option_text("FILE");
  sub->add_flag("--gdb", options->gdb, "Start QEMU paused, waiting for gdb on 127.0.0.1 (runs only)");
  sub->add_option("--gdb-port", options->gdb_port, "The port for --gdb (default: 1234)")
      ->check(CLI::Range(1u, 65535u))
      ->option_text("PORT");
  sub->add_option("--module", options->modules,
                  "FILE[=CMDLINE]: load FILE beside the kernel, with CMDLINE (repeatable, up to 16; "
                  "replaces [bootloader] modules)")
      ->allow_extra_args(false);
  add_firmware_option(sub, &options->firmware, false);
  add_accel_option(sub, &options->accel);
  sub->add_option("elf", options->elf, "The kernel ELF")->required();
  sub->add_option("args", options->args,
                  "The kernel's command line; after `--`, extra arguments for QEMU");
  // Everything after the ELF is the kernel's (and QEMU's after `--`), never kbuild's.
  sub->positionals_at_end();
  sub->footer(
      "kbuild runner [OPTIONS] KERNEL.elf [KERNEL ARGS...] [-- QEMU ARGS...]:\n"
      "kbuild's options come before the ELF; what follows it is the kernel's command line, and\n"
      "after `--` QEMU's extra arguments (kbuild runner --headless k.elf verbose -- -smp 2).\n"
      "The image is written beside the ELF (k.elf: k.img; any other name gets .img added).\n"
      "Settings come from kernel.toml in the current directory or its parents, else kbuild's\n"
      "defaults. Hooking it up:\n"
      "  cargo (.cargo/config.toml):  [target.'cfg(target_os = \"none\")']  runner = \"kbuild runner\"\n"
      "  CMake:  set(CMAKE_CROSSCOMPILING_EMULATOR kbuild runner --test), or kbuild-toolchain.cmake\n"
      "  Meson:  meson setup build --cross-file <prefix>/share/kbuild/meson/kbuild-x86_64.ini\n"
      "          (its exe_wrapper is kbuild runner --test)");

  return {sub, [options, sub, &global](const Context& ctx) {
            std::vector<std::string> kernel_args, qemu_args;
            std::string err;
            if (!split_after_elf(*sub, options->elf, options->args, &kernel_args, &qemu_args, &err)) {
              ctx.ui->error(err);
              return kExitUsage;
            }
            fs::path elf = fs::absolute(options->elf).lexically_normal();
            bool test = options->test || looks_like_cargo_test(elf);
            if (test && (options->gdb || !options->screenshot.empty())) {
              ctx.ui->error("kbuild runner: --gdb and --screenshot are for runs; a test (--test, or a cargo "
                            "test binary in .../deps/) boots without them");
              return kExitUsage;
            }
            Config config;
            if (!runner_config(ctx, global, &config)) return kExitFailure;
            if (!kernel_args.empty()) {
              std::string cmdline;
              for (const auto& a : kernel_args) cmdline += (cmdline.empty() ? "" : " ") + a;
              config.bootloader.cmdline = cmdline;
            }
            if (!options->modules.empty() && !runner_modules(options->modules, &config.bootloader.modules, &err))
              return fail(ctx, err);
            // The machine follows the kernel: its e_machine says which architecture it is for.
            if (Arch arch; kernel_elf_arch(elf, &arch)) retarget_config(&config, arch);
            if (!check_firmware_option(config, options->firmware, &err)) return fail(ctx, err);
            fs::path image = default_image_path(elf);
            if (!image_for_elf(ctx, config, elf, image, &err)) return fail(ctx, err);

            if (test) {
              if (options->timeout) config.test.timeout_seconds = static_cast<int>(options->timeout);
              if (!options->accel.empty()) config.run.accel = *parse_accel(options->accel);
              Firmware firmware = options->firmware.empty() ? config.test.firmwares.front()
                                                            : *parse_firmware(options->firmware);
              TestJob job = test_job(elf.stem().string(), elf, firmware);
              job.image = image;
              TestRunOptions run;
              run.root = fs::current_path();  // log paths as seen from where kbuild runs
              run.extra_args = qemu_args;
              std::vector<TestResult> results;
              if (!run_test_kernels(ctx, config, {job}, run, [](const TestResult&) {}, &results, &err))
                return fail(ctx, err);
              const TestResult& result = results.at(0);
              // ctest and cargo show a test's stdout: the kernel's serial output, then the verdict.
              write_stdout(result.serial + result_line(result) + "\n");
              if (result.status != TestStatus::passed) write_stdout(failure_details(result));
              return result.status == TestStatus::passed ? kExitOk : kExitFailure;
            }

            RunOptions run;
            run.mode = options->headless ? RunMode::headless : RunMode::window;
            run.firmware = options->firmware.empty() ? config.run.firmware : *parse_firmware(options->firmware);
            run.image = image;
            run.elf = elf;
            run.timeout = std::chrono::seconds(options->timeout);
            run.extra_args = qemu_args;
            run.screenshot = options->screenshot;
            run.gdb = options->gdb;
            run.gdb_port = options->gdb_port;
            if (!options->accel.empty()) run.accel = parse_accel(options->accel);
            if (options->gdb)
              ctx.ui->note(fmt::format("QEMU waits for gdb; in another terminal: {}",
                                       format_command(gdb_argv(debugger_name(), elf, options->gdb_port, {}))));
            RunReport report;
            if (!run_kernel(ctx, config, run, &report, &err)) return fail(ctx, err);
            return report_run(ctx, global, report);
          }};
}

}  // namespace kbuild::cli
