// kbuild doctor: checks the tools kbuild runs and says how to install what is missing.
#include <fmt/format.h>

#include "build/target.h"
#include "cli/cli.h"
#include "config/config.h"
#include "qemu/doctor.h"
#include "qemu/firmware.h"

namespace kbuild::cli {

Command add_doctor_command(CLI::App& app, const GlobalOptions&) {
  CLI::App* sub = app.add_subcommand("doctor", "Check that the compiler, linker, QEMU, OVMF, gdb and "
                                               "llvm-symbolizer are installed, and whether KVM works");
  sub->footer(
      "Exit status 1 when something required (clang, lld, QEMU) is missing; a missing optional tool\n"
      "is only listed. The last line is the apt-get command that installs everything missing.");
  return {sub, [](const Context& ctx) {
            DoctorReport report = run_doctor(make_toolchain(Config{}, ctx.env), KvmHost{}, kOvmfPath);
            std::string out;
            for (const ToolCheck& t : report.tools) {
              std::string name = fmt::format("{:<14}", t.what);
              if (!t.found.empty())
                out += fmt::format("  ok       {} {}{}\n", name, t.found, t.version.empty() ? "" : " (" + t.version + ")");
              else
                out += fmt::format("  {}  {} not found: package {}{}\n", t.required ? "MISSING" : "missing", name,
                                   t.package, t.required ? " (required)" : " (for " + t.needed_for + ")");
            }
            out += fmt::format("  {:<8} {:<14} {}\n", "info", "accelerator", "auto would use " + report.accel.reason);
            write_stdout(out);
            if (!report.install_line.empty()) {
              ctx.ui->note("to install what is missing: " + report.install_line);
              if (report.missing_required) {
                ctx.ui->error("kbuild cannot build or run kernels until the required tools are installed");
                return kExitFailure;
              }
            }
            return kExitOk;
          }};
}

}  // namespace kbuild::cli
