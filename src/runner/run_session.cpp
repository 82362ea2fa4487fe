#include "runner/run_session.h"

#include <cstdlib>

#include <fmt/format.h>

#include "core/fs.h"
#include "core/signals.h"
#include "core/temp_dir.h"
#include "runner/outcome.h"
#include "runner/qmp.h"
#include "runner/vga_text.h"

namespace kbuild {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Reads the text screen and writes the screenshot while the machine still exists.
void capture_screen(QmpClient& qmp, const TempDir& tmp, const RunOptions& options, RunReport* report,
                    const Ui& ui) {
  std::string reply, err;
  auto dump = tmp.path() / "vga.bin";
  std::vector<uint8_t> bytes;
  if (qmp.execute(fmt::format(R"({{"execute":"pmemsave","arguments":{{"val":{},"size":{},"filename":{}}}}})",
                              kVgaTextAddress, kVgaTextBytes, json_quote(dump.string())),
                  &reply, &err) &&
      read_file_bytes(dump, &bytes, &err) && bytes.size() == kVgaTextBytes)
    report->screen = std::move(bytes);
  if (!options.screenshot.empty()) {
    std::filesystem::path target = std::filesystem::absolute(options.screenshot);
    if (!qmp.execute(fmt::format(R"({{"execute":"screendump","arguments":{{"filename":{},"format":"png"}}}})",
                                 json_quote(target.string())),
                     &reply, &err))
      ui.warning("could not save the screenshot: " + err);
  }
}

}  // namespace

bool run_kernel(const Context& ctx, const Config& config, const RunOptions& options, RunReport* report,
                std::string* err) {
  *report = RunReport{};
  if (find_program(config.run.command.empty() ? "qemu-system-x86_64" : config.run.command[0]).empty()) {
    *err = fmt::format("{} not found in PATH: install it with `apt-get install qemu-system-x86`",
                       config.run.command.empty() ? "qemu-system-x86_64" : config.run.command[0]);
    return false;
  }
  TempDir tmp;
  if (!tmp.create("kbuild-run", err)) return false;

  QemuPlan plan;
  plan.mode = options.mode;
  plan.image = options.image;
  plan.qmp_socket = tmp.path() / "qmp.sock";
  plan.gdb = options.gdb;
  plan.extra_args = options.extra_args;
  if (options.mode == RunMode::window) {
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    plan.curses = !(display && *display) && !(wayland && *wayland);
    if (plan.curses) plan.serial_log = options.image.parent_path() / "serial.log";
  }
  ProcessSpec spec;
  spec.argv = qemu_argv(config, plan);
  spec.stdin_null = options.mode == RunMode::headless;
  ctx.ui->status("Running", format_command(spec.argv));
  if (plan.curses) ctx.ui->note(fmt::format("no display: QEMU draws the screen in this terminal (serial output "
                                            "goes to {}); quit with Esc 2, then `quit`", plan.serial_log.string()));
  if (options.gdb)
    ctx.ui->note("QEMU waits for gdb on localhost:1234; in another terminal: gdb -ex 'target remote :1234' "
                 "<kernel.elf>");

  ProcessSet qemu;
  if (qemu.start(spec, err) < 0) return false;
  auto deadline = options.timeout.count() ? std::optional(Clock::now() + options.timeout) : std::nullopt;

  QmpClient qmp;
  bool exited = false;
  // Connect while watching QEMU: it may fail on its arguments before it opens the socket.
  while (!qmp.connected() && !exited) {
    std::string ignored;
    if (qmp.connect(plan.qmp_socket, 200ms, &ignored)) break;
    int id = qemu.wait_one(&report->qemu, 0ms);
    if (id >= 0) exited = true;
    if (id == -1 || interrupted()) break;
    if (deadline && Clock::now() >= *deadline) break;  // the main loop below reports the timeout
  }

  bool stopped = false;  // the guest powered off: QEMU paused it (-action shutdown=pause)
  while (!exited && !interrupted()) {
    std::string event, ignored;
    if (qmp.connected() && qmp.wait_for_event({"SHUTDOWN"}, 50ms, &event, &ignored)) {
      stopped = json_string_field(event, "reason") != "host-qmp-quit";
      if (stopped) break;
    }
    int id = qemu.wait_one(&report->qemu, qmp.connected() ? 0ms : 50ms);
    if (id >= 0) exited = true;
    if (id == -1) break;
    if (deadline && Clock::now() >= *deadline) {
      report->timed_out = true;
      break;
    }
  }
  if (interrupted()) {
    qemu.kill_all();
    *err = "interrupted";
    return false;
  }

  if (!exited) {
    if (qmp.connected()) capture_screen(qmp, tmp, options, report, *ctx.ui);
    if (stopped) report->powered_off = true;
    if (stopped && options.mode == RunMode::window && !plan.curses) {
      ctx.ui->status("Stopped", "the kernel powered off; close the QEMU window to finish");
    } else {
      std::string reply, ignored;
      if (!qmp.connected() || !qmp.execute(R"({"execute":"quit"})", &reply, &ignored)) qemu.kill_all();
    }
    if (qemu.running() && qemu.wait_one(&report->qemu) < 0) qemu.kill_all();
  }

  const ProcessResult& r = report->qemu;
  if (report->timed_out) {
    report->exit_status = 124;
    report->summary = fmt::format("stopped after the {} s timeout", options.timeout.count());
  } else if (report->powered_off) {
    report->exit_status = 0;
    report->summary = "the kernel powered off";
  } else if (r.term_signal) {
    report->exit_status = 128 + r.term_signal;
    report->summary = fmt::format("QEMU was killed by signal {}", r.term_signal);
  } else if (r.exit_code % 2 == 1 && r.exit_code > 1) {
    report->exit_status = r.exit_code;
    report->summary = fmt::format("the kernel exited through the debug-exit port with 0x{:x} (QEMU status {})",
                                  debug_exit_value(r.exit_code), r.exit_code);
  } else if (r.exit_code == 0) {
    report->exit_status = 0;
    report->summary = "QEMU exited";
  } else {
    report->exit_status = r.exit_code;
    report->summary = fmt::format("QEMU failed with exit status {}", r.exit_code);
  }
  return true;
}

}  // namespace kbuild
