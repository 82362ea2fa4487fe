#include "runner/run_session.h"

#include "runner/firmware.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "core/fs.h"
#include "core/signals.h"
#include "core/temp_dir.h"
#include "image/elf_symbols.h"
#include "runner/fifo_log.h"
#include "runner/kernel_output.h"
#include "runner/log_tail.h"
#include "runner/qmp.h"
#include "runner/vga_text.h"

namespace kbuild {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The kernel's serial output, as it arrives: on to our stdout, and its tail kept for the verdict.
void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed stdout must not stop the run
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Reads the text screen and writes the screenshot while the machine still exists.
void capture_screen(QmpClient& qmp, const TempDir& tmp, const RunOptions& options, RunReport* report) {
  std::string reply, err;
  auto dump = tmp.path() / "vga.bin";
  std::vector<uint8_t> bytes;
  // Under UEFI the screen is a framebuffer: there is no VGA text to read, only a screenshot.
  if (options.firmware == Firmware::bios &&
      qmp.execute(fmt::format(R"({{"execute":"pmemsave","arguments":{{"val":{},"size":{},"filename":{}}}}})",
                              kVgaTextAddress, kVgaTextBytes, json_quote(dump.string())),
                  &reply, &err) &&
      read_file_bytes(dump, &bytes, &err) && bytes.size() == kVgaTextBytes)
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

// The kernel's symbols, for naming addresses in a crash; false when there are none.
bool load_symbols(const std::filesystem::path& elf, ElfSymbols* symbols) {
  if (elf.empty()) return false;
  std::vector<uint8_t> bytes;
  std::string ignored;
  return read_file_bytes(elf, &bytes, &ignored) && symbols->load(bytes, &ignored);
}

}  // namespace

bool run_kernel(const Context& ctx, const Config& config, const RunOptions& given, RunReport* report,
                std::string* err) {
  *report = RunReport{};
  if (!firmware_available(given.firmware, err) ||
      !check_image_firmware(given.image, config.boot.value, given.firmware, err))
    return false;
  RunOptions options = given;
  if (options.firmware == Firmware::uefi && options.mode == RunMode::headless && options.screenshot.empty())
    options.screenshot = std::filesystem::path(options.image).replace_extension(".screen.png");
  if (find_program(config.run.command.empty() ? "qemu-system-x86_64" : config.run.command[0]).empty()) {
    *err = fmt::format("{} not found in PATH: install it with `apt-get install qemu-system-x86`",
                       config.run.command.empty() ? "qemu-system-x86_64" : config.run.command[0]);
    return false;
  }
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
  plan.fault_log = fault_log.path();
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
  TailBuffer serial(kSerialTailBytes);
  if (!plan.curses)  // serial on QEMU's stdout: shown live, and its tail kept for the verdict
    spec.on_stdout = [&serial](std::string_view data) {
      write_all(STDOUT_FILENO, data);
      serial.append(data);
    };
  ctx.ui->status("Running", format_command(spec.argv));
  if (plan.curses) ctx.ui->note(fmt::format("no display: QEMU draws the screen in this terminal (serial output "
                                            "goes to {}); quit with Esc 2, then `quit`", plan.serial_log.string()));
  if (options.gdb)
    ctx.ui->note("QEMU waits for gdb on localhost:1234; in another terminal: gdb -ex 'target remote :1234' "
                 "<kernel.elf>");

  ProcessSet qemu;
  if (qemu.start(spec, err) < 0) return false;
  auto deadline = options.timeout.count() ? std::optional(Clock::now() + options.timeout) : std::nullopt;

  RunEvidence evidence;
  evidence.qemu.started = true;
  evidence.timeout_seconds = static_cast<long>(options.timeout.count());
  QmpClient qmp;
  bool exited = false;
  // Connect while watching QEMU: it may fail on its arguments before it opens the socket.
  while (!qmp.connected() && !exited) {
    std::string ignored;
    if (qmp.connect(plan.qmp_socket, 200ms, &ignored)) break;
    int id = qemu.wait_one(&evidence.qemu, 0ms);
    if (id >= 0) exited = true;
    if (id == -1 || interrupted()) break;
    if (deadline && Clock::now() >= *deadline) break;  // the main loop below reports the timeout
  }

  // The guest stopped: QEMU paused it (-action shutdown=pause) after a power-off, or after a
  // reset under -no-reboot. The SHUTDOWN event's reason says which.
  bool stopped = false;
  while (!exited && !interrupted()) {
    std::string event, ignored;
    if (qmp.connected() && qmp.wait_for_event({"SHUTDOWN"}, 50ms, &event, &ignored)) {
      std::string reason = json_string_field(event, {"data", "reason"});
      if (reason == "guest-shutdown") evidence.powered_off = true;
      if (reason == "guest-reset") evidence.reset = true;
      if (reason.rfind("host-", 0) == 0 && reason != "host-qmp-quit") evidence.closed = true;
      stopped = evidence.powered_off || evidence.reset || evidence.closed || reason == "guest-panic";
      if (stopped) break;
    }
    int id = qemu.wait_one(&evidence.qemu, qmp.connected() ? 0ms : 50ms);
    if (id >= 0) exited = true;
    if (id == -1) break;
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
    if (qmp.connected()) capture_screen(qmp, tmp, options, report);
    if (evidence.powered_off && options.mode == RunMode::window && !plan.curses) {
      ctx.ui->status("Stopped", "the kernel powered off; close the QEMU window to finish");
    } else {
      std::string reply, ignored;
      if (!qmp.connected() || !qmp.execute(R"({"execute":"quit"})", &reply, &ignored)) qemu.kill_all();
    }
    ProcessResult ended;
    if (qemu.running() && qemu.wait_one(&ended) < 0) qemu.kill_all();
    if (ended.started) evidence.qemu = std::move(ended);
    if (interrupted()) {  // Ctrl-C while the window stayed open, or while QEMU quit
      *err = "interrupted";
      return false;
    }
  } else if (!given.screenshot.empty()) {  // asked for (not the automatic UEFI one)
    report->screenshot_error = fmt::format("cannot save the screenshot {}: QEMU exited before it could be taken",
                                           options.screenshot.string());
  }

  std::string raw = serial.text();
  std::string ignored;
  if (plan.curses) read_file_tail(plan.serial_log, kSerialTailBytes, &raw, &ignored);
  evidence.serial = normalize_serial(raw);
  evidence.fault_log = fault_log.finish();
  ElfSymbols symbols;
  if (load_symbols(options.elf, &symbols)) evidence.symbols = &symbols;
  Outcome outcome = judge_run(evidence);
  report->qemu = evidence.qemu;
  report->powered_off = evidence.powered_off;
  report->timed_out = evidence.timed_out;
  report->passed = outcome.passed;
  report->exit_status = outcome.exit_status;
  report->summary = outcome.reason;
  return true;
}

}  // namespace kbuild
