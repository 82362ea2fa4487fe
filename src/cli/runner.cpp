// kbuild runner ELF [ARGS...]: the hook other build systems point at (a cargo `runner`, CMake's
// CROSSCOMPILING_EMULATOR, Meson's exe_wrapper): image the ELF and boot it, as a run or a test.
#include <unistd.h>

#include <fmt/format.h>

#include "cli/cli.h"
#include "config/config_reader.h"
#include "core/process.h"
#include "image/kernel_image.h"
#include "pipeline/pipeline.h"
#include "runner/run_session.h"
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

}  // namespace

Command add_runner_command(CLI::App& app, const GlobalOptions& global) {
  struct Options {
    std::string elf;
    std::vector<std::string> args;
    bool test = false, headless = false;
    unsigned timeout = 0;
    std::string firmware, accel;
  };
  auto options = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand(
      "runner", "Image a kernel ELF built elsewhere and boot it (for cargo, CTest, Meson)");
  sub->add_flag("--test", options->test,
                "Run it as a test: [test] settings, pass only on the success exit code "
                "(automatic for cargo test binaries in .../deps/)");
  sub->add_flag("--headless", options->headless, "No window (tests are always headless)");
  sub->add_option("--timeout", options->timeout, "Seconds before QEMU is stopped (tests: [test] timeout)");
  add_firmware_option(sub, &options->firmware, false);
  add_accel_option(sub, &options->accel);
  sub->add_option("elf", options->elf, "The kernel ELF")->required();
  sub->add_option("args", options->args, "Passed to the kernel as its command line");
  sub->positionals_at_end();
  sub->footer(
      "The image is written beside the ELF (NAME.img). Settings come from kernel.toml in the\n"
      "current directory or its parents, else kbuild's defaults. Hooking it up:\n"
      "  cargo (.cargo/config.toml):  [target.'cfg(target_os = \"none\")']  runner = \"kbuild runner\"\n"
      "  CMake:  set(CMAKE_CROSSCOMPILING_EMULATOR kbuild runner --test), or kbuild-toolchain.cmake\n"
      "  Meson (cross file):  [binaries] exe_wrapper = ['kbuild', 'runner', '--test']");

  return {sub, [options, &global](const Context& ctx) {
            Config config;
            if (!runner_config(ctx, global, &config)) return kExitFailure;
            if (!options->args.empty()) {
              std::string cmdline;
              for (const auto& a : options->args) cmdline += (cmdline.empty() ? "" : " ") + a;
              config.bootloader.cmdline = cmdline;
            }
            fs::path elf = fs::absolute(options->elf);
            // The machine follows the kernel: its e_machine says which architecture it is for.
            if (Arch arch; kernel_elf_arch(elf, &arch)) config.arch.value = arch;
            if (std::string err; !check_firmware_option(config, options->firmware, &err)) return fail(ctx, err);
            fs::path image = elf.parent_path() / (elf.stem().string() + ".img");
            if (elf.extension() != ".elf") image = fs::path(elf.string() + ".img");
            std::string err;
            if (!image_for_elf(ctx, config, elf, image, &err)) return fail(ctx, err);

            if (options->test || looks_like_cargo_test(elf)) {
              if (options->timeout) config.test.timeout_seconds = static_cast<int>(options->timeout);
              Firmware firmware = options->firmware.empty() ? config.test.firmwares.front()
                                                            : *parse_firmware(options->firmware);
              TestJob job = test_job(elf.stem().string(), elf, firmware);
              job.image = image;
              TestRunOptions run;
              run.root = config.root;
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
            if (!options->accel.empty()) run.accel = parse_accel(options->accel);
            RunReport report;
            if (!run_kernel(ctx, config, run, &report, &err)) return fail(ctx, err);
            return report_run(ctx, global, report);
          }};
}

}  // namespace kbuild::cli
