#include "testing/test_verdict.h"

#include "image/elf_symbols.h"

#include <cstdlib>

#include <fmt/format.h>

#include "runner/fault_log.h"
#include "runner/outcome.h"

namespace kbuild {

std::string normalize_serial(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\r') {
      if (i + 1 < raw.size() && raw[i + 1] == '\n') continue;
      out += '\n';
    } else if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
      out += static_cast<char>(c);
    } else {
      out += '?';  // control bytes and anything non-ASCII: serial output is not known to be UTF-8
    }
  }
  return out;
}

std::string find_panic(std::string_view serial) {
  constexpr std::string_view kPrefix = "panic: ";
  size_t at = serial.rfind(kPrefix);
  if (at == std::string_view::npos) return "";
  std::string_view rest = serial.substr(at + kPrefix.size());
  return std::string(rest.substr(0, rest.find('\n')));
}

std::string tail_lines(std::string_view text, size_t count) {
  if (text.empty() || count == 0) return "";
  size_t end = text.size();
  if (text.back() == '\n') --end;  // the final line end does not start another line
  size_t start = end, seen = 0;
  while (start > 0) {
    if (text[start - 1] == '\n' && ++seen == count) break;
    --start;
  }
  std::string tail(text.substr(start));
  if (tail.back() != '\n') tail += '\n';
  return tail;
}

std::string describe_panic(const std::string& panic, const ElfSymbols* symbols) {
  constexpr std::string_view kCaller = " (called from 0x";
  size_t at = panic.rfind(kCaller);
  if (at == std::string::npos || !symbols || panic.back() != ')') return panic;
  std::string digits = panic.substr(at + kCaller.size(), panic.size() - 1 - at - kCaller.size());
  char* end = nullptr;
  uint64_t address = std::strtoull(digits.c_str(), &end, 16);
  if (digits.empty() || *end != '\0' || address == 0) return panic;
  // A return address: the call is the byte before it (and a call to a noreturn function may be
  // the last instruction of its caller).
  std::string where = symbols->describe(address - 1);
  if (where.empty()) return panic;
  return panic.substr(0, at) + " (in " + where + ")";
}

void judge_test_kernel(const TestEvidence& evidence, TestResult* result) {
  const ProcessResult& qemu = evidence.qemu;
  Outcome outcome = judge_test_run(qemu, evidence.success_code);
  if (outcome.passed) {
    result->status = TestStatus::passed;
    result->reason.clear();
    return;
  }
  result->status = TestStatus::failed;
  std::string reason = outcome.reason;
  std::string panic = describe_panic(find_panic(evidence.serial), evidence.symbols);
  bool exited = qemu.started && !qemu.timed_out && !qemu.interrupted && qemu.term_signal == 0;
  if (exited && qemu.exit_code == 0) {
    // Exit status 0 under -no-reboot: either the CPU reset (a triple fault, which QEMU's fault
    // log shows) or the kernel powered the machine off.
    std::optional<FaultReport> fault = parse_fault_log(evidence.fault_log);
    if (fault && fault->triple_fault) {
      reason = describe_fault(*fault, evidence.symbols);
    } else if (!panic.empty()) {
      result->reason = "kernel panic: " + panic;
      return;
    } else {
      reason = "powered off without reporting (the kernel halted or returned from kernel_main); "
               "QEMU exit status 0";
    }
  } else if (exited && qemu.exit_code == ((kTestFailValue << 1) | 1) &&
             qemu.exit_code != evidence.success_code) {
    reason = fmt::format("the kernel reported failure: exit status {} (0x{:x} written to the "
                         "debug-exit port; success is {})",
                         qemu.exit_code, kTestFailValue, evidence.success_code);
  }
  result->reason = panic.empty() ? reason : "kernel panic: " + panic + "; then " + reason;
}

}  // namespace kbuild
