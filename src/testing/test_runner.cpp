#include "testing/test_runner.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "core/fs.h"
#include "core/process.h"
#include "core/signals.h"
#include "core/temp_dir.h"
#include "image/elf_symbols.h"
#include "runner/accel.h"
#include "runner/fifo_log.h"
#include "runner/firmware.h"
#include "runner/log_tail.h"
#include "runner/machine.h"
#include "runner/qemu_command.h"
#include "runner/symbolizer.h"
#include "testing/case_timer.h"
#include "testing/prefixed_lines.h"
#include "testing/screen_capture.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::string shown(const fs::path& path, const fs::path& root) {
  if (root.empty()) return path.string();
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != ".." ? rel.string() : path.string();
}

// What QEMU wrote to a log, when it went through a pipe: only the tail was kept.
struct LogTails {
  std::string fault;                  // QEMU's interrupt log
  std::optional<std::string> serial;  // COM1; nullopt: QEMU wrote the job's serial log itself
};

// Reads what a finished run left behind (the tails of its logs) and judges it. The tails are
// also written to the job's log files.
TestResult finish(const Config& config, const TestJob& job, const ProcessResult& qemu, LogTails logs,
                  const fs::path& root) {
  TestResult result;
  result.name = job.name;
  result.seconds = qemu.seconds;
  result.serial_log_path = shown(job.serial_log, root);
  std::string raw, ignored;
  if (logs.serial) {
    write_file_if_changed(job.serial_log, *logs.serial, &ignored);
    result.serial = normalize_serial(*logs.serial);
  } else if (read_file_tail(job.serial_log, kSerialTailBytes, &raw, &ignored)) {
    result.serial = normalize_serial(raw);
  }
  std::string fault_log = std::move(logs.fault);
  if (!fault_log.empty()) write_file_if_changed(job.fault_log, fault_log, &ignored);

  TestEvidence evidence;
  evidence.qemu = qemu;
  evidence.success_code = config.test.success_exit_code;
  evidence.serial = result.serial;
  if (job.settings) evidence.expect = job.settings->expect;
  ElfSymbols symbols;
  bool exited_zero = qemu.started && !qemu.timed_out && qemu.term_signal == 0 && qemu.exit_code == 0;
  if (exited_zero) {  // only then can the fault log explain anything
    evidence.fault_log = std::move(fault_log);
    if (load_kernel_symbols(job.elf, config.root, &symbols)) evidence.symbols = &symbols;
  }
  judge_test_kernel(evidence, &result);
  // QEMU's own complaints (a bad argument, a missing file) are part of the reason.
  std::string said = qemu.out + qemu.err;
  while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
  if (result.status == TestStatus::failed && !said.empty() && !qemu.timed_out)
    result.reason += "\nQEMU said: " + said;
  return result;
}

}  // namespace

TestJob test_job(const std::string& name, const fs::path& elf, Firmware firmware) {
  TestJob job;
  bool uefi = firmware == Firmware::uefi;
  job.name = uefi ? name + "[uefi]" : name;
  job.firmware = firmware;
  job.elf = elf;
  // Beside the ELF, also for a nested name ("mm/alloc" in tests/mm/).
  std::string base = fs::path(elf).replace_extension().string();
  std::string logs = uefi ? base + ".uefi" : base;
  job.image = base + ".img";
  job.serial_log = logs + ".serial.log";
  job.fault_log = logs + ".int.log";
  return job;
}

bool run_test_kernels(const Context& ctx, const Config& config, const std::vector<TestJob>& jobs,
                      const TestRunOptions& options,
                      const std::function<void(const TestResult&)>& on_result,
                      std::vector<TestResult>* results, std::string* err) {
  results->assign(jobs.size(), TestResult{});
  if (jobs.empty()) return true;
  MachineSpec machine = machine_spec(config.arch.value);
  std::string qemu = config.run.command.empty() ? machine.qemu : config.run.command.front();
  if (find_program(qemu).empty()) {
    *err = qemu + " not found in PATH: install it with `apt-get install " + machine.qemu_package + "`";
    return false;
  }

  for (const TestJob& job : jobs) {
    if (machine.direct) break;  // no firmware: kbuild's loader boots the image directly
    if (!firmware_available(job.firmware, err) ||
        !check_image_firmware(job.image, config.boot.value, job.firmware, err))
      return false;
  }
  // [run] accel (--accel sets it), decided as for `kbuild run`: KVM only where it really works.
  AccelChoice accel;
  if (!choose_accel(config.run.accel, config.arch.value, KvmHost{}, &accel, err)) return false;
  if (ctx.ui->verbose()) ctx.ui->note("accelerator: " + accel.reason);
  // QEMU's interrupt logs go through pipes here, so that only their tails are kept.
  TempDir tmp;
  if (!tmp.create("kbuild-test", err)) return false;
  // Before the logs, so that they outlive the reader threads that feed them.
  std::mutex live_lock;
  std::map<size_t, std::unique_ptr<PrefixedLines>> live;  // job index -> its --nocapture lines
  std::map<size_t, std::unique_ptr<CaseTimer>> timers;    // job index -> its cases' times
  ProcessSet set;
  std::map<int, size_t> running;  // process id -> job index
  std::map<size_t, std::unique_ptr<FifoLog>> fault_logs;   // job index -> its interrupt log
  std::map<size_t, std::unique_ptr<FifoLog>> serial_logs;  // job index -> its COM1 output
  std::map<size_t, std::unique_ptr<ScreenCapture>> screens;  // job index -> its screen, when read
  size_t next = 0;
  unsigned parallel = std::max(1u, options.jobs);
  bool stopping = false;  // --fail-fast saw a failure
  auto report = [&](size_t index, TestResult result) {
    (*results)[index] = std::move(result);
    on_result((*results)[index]);
    if (options.fail_fast && (*results)[index].status == TestStatus::failed) stopping = true;
  };
  while (!stopping && (next < jobs.size() || !running.empty())) {
    while (!stopping && next < jobs.size() && running.size() < parallel && !interrupted()) {
      const TestJob& job = jobs[next];
      // Stale logs of an earlier run must not be read as this run's.
      std::error_code ec;
      fs::remove(job.serial_log, ec);
      fs::remove(job.fault_log, ec);
      QemuPlan plan;
      plan.mode = RunMode::test;
      plan.firmware = job.firmware;
      plan.image = job.image;
      plan.serial_log = job.serial_log;
      plan.kvm = accel.kvm;
      // COM1 through a pipe too, so a kernel that prints without end leaves a bounded log.
      // What reads the serial pipe as it fills: the cases' clock, and the lines --nocapture shows.
      std::unique_ptr<PrefixedLines> lines;
      if (options.live_output) lines = std::make_unique<PrefixedLines>(job.name, options.live_output, &live_lock);
      auto timer = std::make_unique<CaseTimer>();
      auto on_serial = [shown = lines.get(), timed = timer.get()](std::string_view data) {
        timed->append(data, CaseTimer::Clock::now());
        if (shown) shown->append(data);
      };
      auto serial_log = std::make_unique<FifoLog>();
      std::string serial_err;
      if (serial_log->open(tmp.path() / fmt::format("{}.serial", next), kSerialTailBytes, &serial_err, on_serial))
        plan.serial_log = serial_log->path();
      else
        serial_log.reset();
      auto fault_log = std::make_unique<FifoLog>();
      std::string fifo_err;
      if (fault_log->open(tmp.path() / fmt::format("{}.int.log", next), kFaultLogTailBytes, &fifo_err))
        plan.fault_log = fault_log->path();
      else
        ctx.ui->warning(fmt::format("test {}: no fault log: {}", job.name, fifo_err));
      std::unique_ptr<ScreenCapture> screen;
      if (job.read_screen && job.firmware == Firmware::bios) {  // UEFI has no text screen
        screen = std::make_unique<ScreenCapture>(tmp.path(), std::to_string(next));
        plan.qmp_socket = screen->qmp_socket();
        plan.exit_port_file = screen->exit_port_file();
      }
      // [test.NAME] settings over [test] and [run]: timeout, memory, CPUs, arguments.
      const TestKernelSettings* own = job.settings;
      Config job_config = config;
      if (own && !own->memory.empty()) job_config.run.memory = own->memory;
      if (own && own->smp > 0) plan.extra_args = {"-smp", std::to_string(own->smp)};
      if (own) plan.extra_args.insert(plan.extra_args.end(), own->args.begin(), own->args.end());
      plan.extra_args.insert(plan.extra_args.end(), options.extra_args.begin(), options.extra_args.end());
      int timeout = own && own->timeout_seconds ? *own->timeout_seconds : config.test.timeout_seconds;
      ProcessSpec spec;
      spec.argv = qemu_argv(job_config, plan);
      spec.output = ProcessSpec::Output::merge;
      spec.timeout = std::chrono::seconds(timeout);
      spec.new_process_group = true;  // Ctrl-C reaches kbuild, which stops every QEMU
      ctx.ui->command(spec.argv);
      std::string start_err;
      int id = set.start(spec, &start_err);
      if (id < 0) {
        ProcessResult failed;
        failed.start_error = start_err;
        report(next, finish(config, job, failed, {}, options.root));
      } else {
        running[id] = next;
        fault_logs[next] = std::move(fault_log);
        serial_logs[next] = std::move(serial_log);
        if (screen) screens[next] = std::move(screen);
        if (lines) live[next] = std::move(lines);
        timers[next] = std::move(timer);
      }
      ++next;
    }
    if (interrupted()) break;
    if (running.empty()) continue;
    ProcessResult result;
    // A kernel whose screen is read pauses at its end and waits to be asked to quit.
    int id = set.wait_one(&result, screens.empty() ? std::chrono::milliseconds(-1) : std::chrono::milliseconds(20));
    if (id == ProcessSet::kStillRunning) {
      for (auto& [index, screen] : screens) screen->poll();
      continue;
    }
    if (id < 0) break;  // Ctrl-C
    size_t index = running[id];
    running.erase(id);
    std::optional<std::string> screen;
    if (auto capture = screens.find(index); capture != screens.end()) {
      screen = capture->second->finish(&result);
      screens.erase(capture);
    }
    LogTails logs;
    if (fault_logs[index]) logs.fault = fault_logs[index]->finish();
    if (serial_logs[index]) logs.serial = serial_logs[index]->finish();
    fault_logs.erase(index);
    serial_logs.erase(index);
    if (auto shown = live.find(index); shown != live.end()) {  // its reader thread has stopped
      shown->second->flush();
      live.erase(shown);
    }
    std::map<std::string, double> case_seconds;
    if (auto timer = timers.find(index); timer != timers.end()) {
      case_seconds = timer->second->seconds();
      timers.erase(timer);
    }
    TestResult judged = finish(config, jobs[index], result, std::move(logs), options.root);
    judged.screen = std::move(screen);
    judged.case_seconds = std::move(case_seconds);
    report(index, std::move(judged));
  }
  if (stopping) {
    set.kill_all();
    for (size_t index = 0; index < jobs.size(); ++index) {
      bool ran = index < next && std::none_of(running.begin(), running.end(), [&](const auto& r) { return r.second == index; });
      if (ran) continue;
      TestResult stopped;
      stopped.name = jobs[index].name;
      stopped.status = TestStatus::not_run;
      stopped.reason = "not run: --fail-fast stopped at the first failure";
      (*results)[index] = stopped;
      on_result(stopped);
    }
    return true;
  }
  if (interrupted() || !running.empty()) {
    set.kill_all();
    *err = "interrupted";
    return false;
  }
  return true;
}

}  // namespace kbuild
