#include "testing/test_runner.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "core/fs.h"
#include "core/job_pool.h"
#include "core/process.h"
#include "core/temp_dir.h"
#include "image/elf_symbols.h"
#include "qemu/accel.h"
#include "qemu/fifo_log.h"
#include "qemu/firmware.h"
#include "qemu/log_tail.h"
#include "qemu/machine.h"
#include "qemu/qemu_command.h"
#include "qemu/symbolizer.h"
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
  evidence.arch = config.arch.value;
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
  if (!check_qemu(config, err)) return false;

  for (const TestJob& job : jobs) {
    if (machine.boots_direct(job.firmware)) continue;  // no firmware: kbuild's loader boots the image
    bool own_memory = job.settings && !job.settings->memory.empty();
    if (!firmware_available(config.arch.value, job.firmware, err) ||
        !check_image_firmware(job.image, config.boot.value, job.firmware, err) ||
        !check_firmware_memory(config.arch.value, job.firmware, own_memory ? job.settings->memory : config.run.memory,
                               own_memory ? fmt::format("kernel.toml: [test.{}] memory", job.settings->name)
                                          : std::string("kernel.toml: [run] memory"),
                               err))
      return false;
  }
  // [run] accel (--accel sets it), decided as for `kbuild run`: KVM only where it really works.
  AccelChoice accel;
  if (!choose_accel(config.run.accel, config.arch.value, KvmHost{}, &accel, err)) return false;
  if (ctx.ui->verbose()) ctx.ui->note("accelerator: " + accel.reason);
  // QEMU's interrupt logs go through pipes here, so that only their tails are kept.
  TempDir tmp;
  if (!tmp.create("kbuild-test", err)) return false;
  // What a running job owns beside its QEMU: the readers of its pipes, the clock of its cases,
  // its --nocapture lines and its screen. Declared before the pool's host, so that they outlive
  // the processes whose output they read.
  struct Running {
    std::unique_ptr<PrefixedLines> lines;
    std::unique_ptr<CaseTimer> timer;
    std::unique_ptr<FifoLog> fault_log, serial_log;
    std::unique_ptr<ScreenCapture> screen;
  };
  std::mutex live_lock;
  std::vector<Running> running(jobs.size());
  std::vector<bool> reported(jobs.size(), false);
  auto report = [&](size_t index, TestResult result) {
    (*results)[index] = std::move(result);
    reported[index] = true;
    on_result((*results)[index]);
    return !(options.fail_fast && (*results)[index].status == TestStatus::failed);
  };
  PoolJobs pool;
  pool.count = jobs.size();
  pool.parallel = std::max(1u, options.jobs);
  pool.stop_kills = true;  // --fail-fast stops what runs too
  pool.prepare = [&](size_t index, ProcessSpec* spec, std::string*) {
    const TestJob& job = jobs[index];
    Running& own = running[index];
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
    if (options.live_output) own.lines = std::make_unique<PrefixedLines>(job.name, options.live_output, &live_lock);
    own.timer = std::make_unique<CaseTimer>();
    auto on_serial = [shown = own.lines.get(), timed = own.timer.get()](std::string_view data) {
      timed->append(data, CaseTimer::Clock::now());
      if (shown) shown->append(data);
    };
    own.serial_log = std::make_unique<FifoLog>();
    std::string serial_err;
    if (own.serial_log->open(tmp.path() / fmt::format("{}.serial", index), kSerialTailBytes, &serial_err, on_serial))
      plan.serial_log = own.serial_log->path();
    else
      own.serial_log.reset();
    own.fault_log = std::make_unique<FifoLog>();
    std::string fifo_err;
    if (own.fault_log->open(tmp.path() / fmt::format("{}.int.log", index), kFaultLogTailBytes, &fifo_err))
      plan.fault_log = own.fault_log->path();
    else
      ctx.ui->warning(fmt::format("test {}: no fault log: {}", job.name, fifo_err));
    if (job.read_screen) {
      own.screen = std::make_unique<ScreenCapture>(tmp.path(), std::to_string(index));
      plan.qmp_socket = own.screen->qmp_socket();
      plan.exit_port_file = own.screen->exit_port_file();
    }
    // [test.NAME] settings over [test] and [run]: timeout, memory, CPUs, arguments.
    const TestKernelSettings* settings = job.settings;
    Config job_config = config;
    if (settings && !settings->memory.empty()) job_config.run.memory = settings->memory;
    if (settings && settings->smp > 0) plan.extra_args = {"-smp", std::to_string(settings->smp)};
    if (settings) plan.extra_args.insert(plan.extra_args.end(), settings->args.begin(), settings->args.end());
    plan.extra_args.insert(plan.extra_args.end(), options.extra_args.begin(), options.extra_args.end());
    int timeout = settings && settings->timeout_seconds ? *settings->timeout_seconds : config.test.timeout_seconds;
    spec->argv = qemu_argv(job_config, plan);
    spec->output = ProcessSpec::Output::merge;
    spec->timeout = std::chrono::seconds(timeout);
    spec->new_process_group = true;  // Ctrl-C reaches kbuild, which stops every QEMU
    ctx.ui->command(spec->argv);
    return true;
  };
  pool.done = [&](size_t index, ProcessResult result) {
    Running own = std::move(running[index]);
    std::optional<std::string> screen;
    if (own.screen) screen = own.screen->finish(&result);
    LogTails logs;
    if (own.fault_log) logs.fault = own.fault_log->finish();
    if (own.serial_log) logs.serial = own.serial_log->finish();
    if (own.lines) own.lines->flush();  // its reader thread has stopped
    TestResult judged = finish(config, jobs[index], result, std::move(logs), options.root);
    judged.screen = std::move(screen);
    if (own.timer) judged.case_seconds = own.timer->seconds();
    return report(index, std::move(judged));
  };
  // A kernel whose screen is read pauses at its end and waits to be asked to quit.
  if (std::any_of(jobs.begin(), jobs.end(), [](const TestJob& job) { return job.read_screen; })) {
    pool.poll_every = std::chrono::milliseconds(20);
    pool.poll = [&] {
      for (Running& own : running)
        if (own.screen) own.screen->poll();
    };
  }

  ProcessSetHost host;
  PoolEnd end = run_pool(host, pool);
  if (end == PoolEnd::interrupted) {
    *err = "interrupted";
    return false;
  }
  for (size_t index = 0; index < jobs.size(); ++index) {  // what --fail-fast left or stopped
    if (reported[index]) continue;
    TestResult stopped;
    stopped.name = jobs[index].name;
    stopped.status = TestStatus::not_run;
    stopped.reason = "not run: --fail-fast stopped at the first failure";
    (*results)[index] = stopped;
    on_result(stopped);
  }
  return true;
}

}  // namespace kbuild
