#include "qemu/run_session.h"

#include "qemu/firmware.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "core/fd_io.h"
#include "core/fs.h"
#include "core/signals.h"
#include "core/temp_dir.h"
#include "image/elf_symbols.h"
#include "qemu/console.h"
#include "qemu/fifo_log.h"
#include "qemu/gdb_session.h"
#include "qemu/kernel_output.h"
#include "qemu/log_tail.h"
#include "qemu/machine.h"
#include "qemu/qemu_command.h"
#include "qemu/qmp.h"
#include "qemu/symbolizer.h"
#include "qemu/vga_text.h"

namespace kbuild {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Reads the text screen and writes the screenshot while the machine still exists.
void capture_screen(QmpClient& qmp, const TempDir& tmp, const MachineSpec& machine, const RunOptions& options,
                    RunReport* report) {
  std::string reply, err;
  std::vector<uint8_t> bytes;
  // Under UEFI, and on aarch64's ramfb, the screen is a framebuffer: there is no VGA text to
  // read, only a screenshot.
  if (machine.has_vga_text(options.firmware) && qmp.read_vga_text(tmp.path() / "vga.bin", &bytes, &err))
    report->screen = std::move(bytes);
  if (options.screenshot.empty()) return;
  std::filesystem::path target = std::filesystem::absolute(options.screenshot);
  std::error_code ec;
  std::filesystem::remove(target, ec);  // an old screenshot must not pass for this one
  if (!qmp.execute(fmt::format(R"({{"execute":"screendump","arguments":{{"filename":{},"format":"png"}}}})",
                               json_quote(target.string())),
                   &reply, &err))
    report->screenshot_error = fmt::format("cannot save the screenshot {}: {}", options.screenshot.string(), err);
  else if (!std::filesystem::is_regular_file(target, ec) || std::filesystem::file_size(target, ec) == 0)
    report->screenshot_error =
        fmt::format("cannot save the screenshot {}: QEMU wrote no file", options.screenshot.string());
  else {
    report->screenshot_saved = true;
    report->screenshot = options.screenshot;
  }
}

// A run the debugger ended fails with the debugger: a gdb that could not connect, or whose batch
// commands failed, must not end as "QEMU was closed" with status 0.
void judge_debugger(const std::vector<std::string>& debugger, bool started, const ProcessResult& ended,
                    RunReport* report) {
  if (!report->passed) return;
  std::string name = std::filesystem::path(debugger.front()).filename().string();
  if (!started) {
    report->passed = false;
    report->exit_status = 1;
    report->summary = name + " was not started: QEMU did not open its control socket";
  } else if (!ended.ok()) {
    report->passed = false;
    report->exit_status = ended.exit_code > 0 ? ended.exit_code : 1;
    report->summary = name + " ended with " + ended.describe();
  }
}

}  // namespace

bool run_kernel(const Context& ctx, const Config& config, const RunOptions& given, RunReport* report,
                std::string* err) {
  *report = RunReport{};
  MachineSpec machine = machine_spec(config.arch.value);
  if (!machine.boots_direct(given.firmware) && (!firmware_available(config.arch.value, given.firmware, err) ||
                          !check_image_firmware(given.image, config.boot.value, given.firmware, err) ||
                          !check_firmware_memory(config.arch.value, given.firmware, config.run.memory,
                                                 "kernel.toml: [run] memory", err)))
    return false;
  RunOptions options = given;
  // Without a display the run is headless; with a terminal that terminal is the serial console.
  ConsoleSetup console = choose_console(options.mode);
  options.mode = console.mode;
  if (!machine.has_screen(options.firmware) && !options.screenshot.empty()) {
    *err = fmt::format("cannot save the screenshot {}: the {} machine kbuild boots has no display",
                       options.screenshot.string(), machine.qemu);
    return false;
  }
  if (machine.screen && options.firmware == Firmware::uefi && options.mode == RunMode::headless &&
      options.screenshot.empty())
    options.screenshot = std::filesystem::path(options.image).replace_extension(".screen.png");
  if (!check_qemu(config, err)) return false;
  // Fail before booting when the screenshot could not be written at the end.
  if (!options.screenshot.empty()) {
    std::filesystem::path dir = std::filesystem::absolute(options.screenshot).parent_path();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      *err = fmt::format("cannot save the screenshot {}: {} is not a directory", options.screenshot.string(),
                         dir.string());
      return false;
    }
  }
  TempDir tmp;
  if (!tmp.create("kbuild-run", err)) return false;
  FifoLog fault_log;
  if (!fault_log.open(tmp.path() / "int.log", kFaultLogTailBytes, err)) return false;

  QemuPlan plan;
  plan.mode = options.mode;
  plan.firmware = options.firmware;
  plan.image = options.image;
  plan.qmp_socket = tmp.path() / "qmp.sock";
  // Under a long $TMPDIR the socket's path would not fit a unix socket address: it goes to a
  // private directory of its own in /tmp instead.
  TempDir socket_dir;
  if (!fits_unix_socket_address(plan.qmp_socket)) {
    if (!socket_dir.create("kbuild-qmp", err, "/tmp")) return false;
    plan.qmp_socket = socket_dir.path() / "qmp.sock";
  }
  plan.fault_log = fault_log.path();
  plan.gdb = options.gdb;
  plan.gdb_port = options.gdb_port;
  AccelChoice accel;
  if (!choose_accel(options.accel.value_or(config.run.accel), config.arch.value, options.kvm_host,
                    &accel, err))
    return false;
  plan.kvm = accel.kvm;
  plan.extra_args = options.extra_args;
  plan.console = console.interactive && !options.gdb_owns_terminal;
  ProcessSpec spec;
  spec.argv = qemu_argv(config, plan);
  spec.stdin_null = !plan.console;
  // Beside a debugger, the terminal's Ctrl-C is the debugger's (it interrupts the kernel): QEMU
  // stays out of the terminal's process group so that the key does not end it too.
  spec.new_process_group = !options.debugger.empty();
  TailBuffer serial(kSerialTailBytes);
  // Serial on QEMU's stdout: shown live, and its tail kept for the verdict.
  spec.on_stdout = [&serial](std::string_view data) {
    write_all(STDOUT_FILENO, data);
    serial.append(data);
  };
  ctx.ui->status("Running", format_command(spec.argv));
  if (ctx.ui->verbose()) ctx.ui->note("accelerator: " + accel.reason);
  if (!console.note.empty()) ctx.ui->note(console.note);
  if (plan.console) ctx.ui->note(kConsoleKeys);
  // QEMU puts the terminal in raw mode for the console; it is put back however QEMU ends.
  TerminalState terminal;
  if (plan.console) terminal.save(STDIN_FILENO);

  ProcessSet qemu;
  int qemu_id = qemu.start(spec, err);
  if (qemu_id < 0) return false;
  // kbuild gdb: the debugger runs beside QEMU, and Ctrl-C is its, to interrupt the kernel.
  int debugger_id = -1;
  bool debugger_done = true, qemu_reaped = false;
  ProcessResult debugger_result;
  bool debugger_ended_run = false;  // the debugger ended first (not after the kernel's end)
  std::optional<IgnoreInterrupts> debugger_owns_ctrl_c;
  auto deadline = options.timeout.count() ? std::optional(Clock::now() + options.timeout) : std::nullopt;

  RunEvidence evidence;
  evidence.qemu.started = true;
  evidence.timeout_seconds = static_cast<long>(options.timeout.count());
  // Waits for QEMU to end (the debugger's end is noted, not taken for QEMU's): QEMU's id, -1, or
  // kStillRunning.
  auto wait_qemu = [&](std::chrono::milliseconds max_wait) {
    ProcessResult ended;
    int id = qemu.wait_one(&ended, max_wait);
    if (id >= 0 && id == debugger_id) {
      debugger_done = true;
      debugger_result = std::move(ended);
      return qemu_reaped ? -1 : int(ProcessSet::kStillRunning);
    }
    if (id == qemu_id) {
      qemu_reaped = true;
      evidence.qemu = std::move(ended);
    }
    return id;
  };
  QmpClient qmp;
  bool exited = false;
  // Connect while watching QEMU: it may fail on its arguments before it opens the socket.
  while (!qmp.connected() && !exited) {
    std::string ignored;
    if (qmp.connect(plan.qmp_socket, 200ms, &ignored)) break;
    int id = wait_qemu(0ms);
    if (id >= 0) exited = true;
    if (id == -1 || interrupted()) break;
    if (deadline && Clock::now() >= *deadline) break;  // the main loop below reports the timeout
  }

  // QEMU answers on its control socket once it is set up, its gdb port included: the debugger
  // can connect now.
  if (!options.debugger.empty() && qmp.connected() && !exited) {
    ProcessSpec debugger;
    debugger.argv = options.debugger;
    debugger.stdin_null = false;
    ctx.ui->status("Debugging", format_command(debugger.argv));
    if ((debugger_id = qemu.start(debugger, err)) < 0) return false;
    debugger_done = false;
    debugger_owns_ctrl_c.emplace();
  }

  // The guest stopped: QEMU paused it (-action shutdown=pause) after a power-off, or after a
  // reset under -no-reboot. The SHUTDOWN event's reason says which.
  bool stopped = false;
  // A SHUTDOWN event's reason, noted in the evidence; true when it ends the run.
  auto take_shutdown = [&](std::chrono::milliseconds wait) {
    std::string event, ignored;
    if (!qmp.connected() || !qmp.wait_for_event({"SHUTDOWN"}, wait, &event, &ignored)) return false;
    std::string reason = json_string_field(event, {"data", "reason"});
    if (reason == "guest-shutdown") evidence.powered_off = true;
    if (reason == "guest-reset") evidence.reset = true;
    if (reason.rfind("host-", 0) == 0 && reason != "host-qmp-quit") evidence.closed = true;
    return evidence.powered_off || evidence.reset || evidence.closed || reason == "guest-panic";
  };
  while (!exited && !interrupted()) {
    if ((stopped = take_shutdown(50ms))) break;
    int id = wait_qemu(qmp.connected() ? 0ms : 50ms);
    // A machine without a screen exits at power-off: QEMU sent its SHUTDOWN event before it
    // went, so it is read now, whichever of the two kbuild noticed first.
    if (id >= 0 && !stopped) stopped = take_shutdown(100ms);
    if (id >= 0) exited = true;
    if (id == -1) break;
    if (debugger_id >= 0 && debugger_done) {  // the user quit the debugger: the run is over
      evidence.closed = true;
      debugger_ended_run = true;
      break;
    }
    if (deadline && Clock::now() >= *deadline) {
      evidence.timed_out = true;
      break;
    }
  }
  if (interrupted()) {
    qemu.kill_all();
    *err = "interrupted";
    return false;
  }

  if (!exited) {
    if (qmp.connected() && machine.has_screen(options.firmware)) capture_screen(qmp, tmp, machine, options, report);
    if (evidence.powered_off && options.mode == RunMode::window) {
      ctx.ui->status("Stopped", "the kernel powered off; close the QEMU window to finish");
    } else {
      std::string reply, ignored;
      if (!qmp.connected() || !qmp.execute(R"({"execute":"quit"})", &reply, &ignored)) qemu.kill_all();
    }
    while (!qemu_reaped) {
      int id = wait_qemu(std::chrono::milliseconds(-1));
      if (id == -1) {
        qemu.kill_all();
        break;
      }
    }
    if (interrupted()) {  // Ctrl-C while the window stayed open, or while QEMU quit
      *err = "interrupted";
      return false;
    }
  } else if (!given.screenshot.empty()) {  // asked for (not the automatic UEFI one)
    report->screenshot_error = fmt::format("cannot save the screenshot {}: QEMU exited before it could be taken",
                                           options.screenshot.string());
  }

  while (!debugger_done) {  // the kernel is gone; the debugger ends when the user quits it
    ProcessResult ended;
    int id = qemu.wait_one(&ended);
    if (id == debugger_id) debugger_result = std::move(ended);
    if (id == debugger_id || id == -1) debugger_done = true;
  }
  std::string raw = serial.text();
  std::string ignored;
  report->serial_mid_line = !raw.empty() && raw.back() != '\n';
  evidence.serial = normalize_serial(raw);
  evidence.fault_log = fault_log.finish();
  evidence.arch = config.arch.value;
  ElfSymbols symbols;
  if (load_kernel_symbols(options.elf, config.root, &symbols)) evidence.symbols = &symbols;
  Outcome outcome = judge_run(evidence);
  report->qemu = evidence.qemu;
  report->powered_off = evidence.powered_off;
  report->timed_out = evidence.timed_out;
  report->passed = outcome.passed;
  report->exit_status = outcome.exit_status;
  report->summary = outcome.reason;
  // When the kernel ended first, kbuild ended QEMU under the debugger, which then fails on the
  // lost connection: that is no failure of the run.
  if (!options.debugger.empty() && (debugger_id < 0 || debugger_ended_run))
    judge_debugger(options.debugger, debugger_id >= 0, debugger_result, report);
  return true;
}

}  // namespace kbuild
