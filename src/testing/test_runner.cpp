#include "testing/test_runner.h"

#include <map>

#include <fmt/format.h>

#include "core/fs.h"
#include "core/process.h"
#include "core/signals.h"
#include "image/elf_symbols.h"
#include "runner/qemu_command.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::string shown(const fs::path& path, const fs::path& root) {
  if (root.empty()) return path.string();
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != ".." ? rel.string() : path.string();
}

// Reads what a finished run left behind and judges it.
TestResult finish(const Config& config, const TestJob& job, const ProcessResult& qemu,
                  const fs::path& root) {
  TestResult result;
  result.name = job.name;
  result.seconds = qemu.seconds;
  result.serial_log_path = shown(job.serial_log, root);
  std::string raw, ignored;
  if (read_file(job.serial_log, &raw, &ignored)) result.serial = normalize_serial(raw);

  TestEvidence evidence;
  evidence.qemu = qemu;
  evidence.success_code = config.test.success_exit_code;
  evidence.serial = result.serial;
  ElfSymbols symbols;
  bool exited_zero = qemu.started && !qemu.timed_out && qemu.term_signal == 0 && qemu.exit_code == 0;
  if (exited_zero) {  // only then can the fault log explain anything
    read_file(job.fault_log, &evidence.fault_log, &ignored);
    std::vector<uint8_t> bytes;
    if (read_file_bytes(job.elf, &bytes, &ignored) && symbols.load(bytes, &ignored))
      evidence.symbols = &symbols;
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

TestJob test_job(const std::string& name, const fs::path& elf) {
  TestJob job;
  job.name = name;
  job.elf = elf;
  fs::path dir = elf.parent_path();
  job.image = dir / (name + ".img");
  job.serial_log = dir / (name + ".serial.log");
  job.fault_log = dir / (name + ".int.log");
  return job;
}

bool run_test_kernels(const Context& ctx, const Config& config, const std::vector<TestJob>& jobs,
                      const TestRunOptions& options,
                      const std::function<void(const TestResult&)>& on_result,
                      std::vector<TestResult>* results, std::string* err) {
  results->assign(jobs.size(), TestResult{});
  if (jobs.empty()) return true;
  std::string qemu = config.run.command.empty() ? "qemu-system-x86_64" : config.run.command.front();
  if (find_program(qemu).empty()) {
    *err = qemu + " not found in PATH: install it with `apt-get install qemu-system-x86`";
    return false;
  }

  ProcessSet set;
  std::map<int, size_t> running;  // process id -> job index
  size_t next = 0;
  unsigned parallel = std::max(1u, options.jobs);
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && running.size() < parallel && !interrupted()) {
      const TestJob& job = jobs[next];
      // Stale logs of an earlier run must not be read as this run's.
      std::error_code ec;
      fs::remove(job.serial_log, ec);
      fs::remove(job.fault_log, ec);
      QemuPlan plan;
      plan.mode = RunMode::test;
      plan.image = job.image;
      plan.serial_log = job.serial_log;
      plan.fault_log = job.fault_log;
      plan.extra_args = options.extra_args;
      ProcessSpec spec;
      spec.argv = qemu_argv(config, plan);
      spec.output = ProcessSpec::Output::merge;
      spec.timeout = std::chrono::seconds(config.test.timeout_seconds);
      spec.new_process_group = true;  // Ctrl-C reaches kbuild, which stops every QEMU
      ctx.ui->command(spec.argv);
      std::string start_err;
      int id = set.start(spec, &start_err);
      if (id < 0) {
        ProcessResult failed;
        failed.start_error = start_err;
        (*results)[next] = finish(config, job, failed, options.root);
        on_result((*results)[next]);
      } else {
        running[id] = next;
      }
      ++next;
    }
    if (interrupted()) break;
    if (running.empty()) continue;
    ProcessResult result;
    int id = set.wait_one(&result);
    if (id < 0) break;  // Ctrl-C
    size_t index = running[id];
    running.erase(id);
    (*results)[index] = finish(config, jobs[index], result, options.root);
    on_result((*results)[index]);
  }
  if (interrupted() || !running.empty()) {
    set.kill_all();
    *err = "interrupted";
    return false;
  }
  return true;
}

}  // namespace kbuild
