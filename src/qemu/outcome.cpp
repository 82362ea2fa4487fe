#include "qemu/outcome.h"

#include <fmt/format.h>

#include "qemu/fault_log.h"
#include "qemu/kernel_output.h"
#include "qemu/symbolizer.h"

namespace kbuild {

QemuEnd read_qemu_end(const ProcessResult& result, int success_code) {
  if (!result.started) return QemuEnd::not_started;
  if (result.interrupted) return QemuEnd::interrupted;
  if (result.timed_out) return QemuEnd::timed_out;
  if (result.term_signal) return QemuEnd::killed;
  int code = result.exit_code;
  if (success_code >= 0 && code == success_code) return QemuEnd::success;
  if (code == kBootFailedStatus) return QemuEnd::boot_failed;
  if (code == 0) return QemuEnd::exit_zero;
  if (code % 2 == 1 && code > 1) return QemuEnd::debug_exit;
  return QemuEnd::qemu_failed;
}

Outcome judge_test_run(const ProcessResult& result, int success_code, Arch arch) {
  Outcome o;
  int code = result.exit_code;
  switch (read_qemu_end(result, success_code)) {
    case QemuEnd::not_started:
      o.reason = "QEMU did not start: " + result.start_error;
      break;
    case QemuEnd::interrupted:
      o.exit_status = 130;
      o.reason = "interrupted";
      break;
    case QemuEnd::timed_out:
      o.reason = fmt::format("timed out after {:.0f} s (the kernel never reported; is it stuck?)",
                           result.timeout_seconds > 0 ? result.timeout_seconds : result.seconds);
      break;
    case QemuEnd::killed:
      o.exit_status = 128 + result.term_signal;
      o.reason = fmt::format("QEMU was killed by signal {}", result.term_signal);
      break;
    case QemuEnd::success:
      o.passed = true;
      o.exit_status = 0;
      o.reason = fmt::format("exit status {} (success)", code);
      break;
    case QemuEnd::boot_failed:
      o.reason = fmt::format("boot failed: the bootloader gave up (QEMU exit status {})", kBootFailedStatus);
      break;
    case QemuEnd::exit_zero:
      o.reason = fmt::format("QEMU exited with status 0: the kernel ended in a {} (with -no-reboot a CPU "
                             "reset ends QEMU) or shut the machine down, instead of reporting through "
                             "kbuild_exit()",
                             cpu_fault_name(arch));
      break;
    case QemuEnd::debug_exit:
      o.exit_status = code;
      o.reason = fmt::format("exit status {} (the kernel wrote 0x{:x} to the debug-exit port; success is {})",
                             code, debug_exit_value(code), success_code);
      break;
    case QemuEnd::qemu_failed:
      o.exit_status = code;
      o.reason = fmt::format("QEMU failed with exit status {}", code);
      break;
  }
  return o;
}

Outcome judge_run(const RunEvidence& ev) {
  Outcome o;
  const ProcessResult& q = ev.qemu;
  if (!q.started) {
    o.reason = "QEMU did not start: " + q.start_error;
    return o;
  }
  if (q.interrupted) {
    o.exit_status = 130;
    o.reason = "interrupted";
    return o;
  }
  QemuEnd end = ev.timed_out ? QemuEnd::timed_out : read_qemu_end(q);
  if (end == QemuEnd::boot_failed && !ev.powered_off && !ev.reset) {
    o.reason = describe_boot_failure(ev.serial);
    return o;
  }
  // Under -no-reboot a triple fault resets into a stop (or, without -action shutdown=pause, an
  // exit with status 0); QEMU's fault log tells what happened.
  if (ev.reset || (end == QemuEnd::exit_zero && !ev.powered_off && !ev.closed)) {
    if (std::optional<std::string> fault = explain_fault_log(ev.arch, ev.fault_log, ev.symbols)) {
      o.reason = *fault;
      return o;
    }
    if (ev.reset) {
      o.reason = fmt::format("the machine reset (a {}?); QEMU's log shows no exception chain", cpu_fault_name(ev.arch));
      return o;
    }
  }
  std::string panic = find_panic(ev.serial);
  if (!panic.empty() && !ev.timed_out) {
    o.reason = "kernel panic: " + describe_panic(panic, ev.symbols) +
               describe_backtrace(find_backtrace(ev.serial), ev.symbols);
    return o;
  }
  if (ev.timed_out) {
    o.exit_status = 124;
    o.reason = fmt::format("stopped after the {} s timeout", ev.timeout_seconds);
    return o;
  }
  if (ev.powered_off || ev.closed) {
    o.passed = true;
    o.exit_status = 0;
    o.reason = ev.powered_off ? "the kernel powered off" : "QEMU was closed";
    return o;
  }
  if (q.term_signal) {
    o.exit_status = 128 + q.term_signal;
    o.reason = fmt::format("QEMU was killed by signal {}", q.term_signal);
  } else if (end == QemuEnd::debug_exit || end == QemuEnd::boot_failed) {
    o.exit_status = q.exit_code;
    o.reason = fmt::format("the kernel exited through the debug-exit port with 0x{:x} (QEMU status {})",
                           debug_exit_value(q.exit_code), q.exit_code);
  } else if (end == QemuEnd::exit_zero) {
    o.passed = true;
    o.exit_status = 0;
    o.reason = "QEMU exited";
  } else {
    o.exit_status = q.exit_code;
    o.reason = fmt::format("QEMU failed with exit status {}", q.exit_code);
  }
  return o;
}

}  // namespace kbuild
