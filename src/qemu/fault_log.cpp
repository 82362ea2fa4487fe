#include "qemu/fault_log.h"

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "image/elf_symbols.h"

namespace kbuild {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

constexpr uint64_t kPageSize = 4096;

}  // namespace

std::optional<uint64_t> hex_after(std::string_view line, std::string_view key) {
  size_t at = line.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::string digits(line.substr(at + key.size(), 18));
  if (digits.rfind("0x", 0) == 0) digits = digits.substr(2);
  char* end = nullptr;
  uint64_t value = std::strtoull(digits.c_str(), &end, 16);
  if (end == digits.c_str()) return std::nullopt;
  return value;
}

std::optional<FaultReport> parse_fault_log(std::string_view log) {
  std::vector<std::string_view> lines = split_lines(log);
  // The last triple fault, or a CPU reset that followed an exception chain.
  int end = -1;
  for (int i = static_cast<int>(lines.size()) - 1; i >= 0 && end < 0; --i)
    if (lines[i].find("Triple fault") != std::string_view::npos) end = i;
  if (end < 0) return std::nullopt;
  // Its chain begins at the last "check_exception old: 0xffffffff new N" before it.
  int start = -1;
  for (int i = end; i >= 0 && start < 0; --i)
    if (lines[i].find("check_exception old: 0xffffffff new ") != std::string_view::npos) start = i;
  FaultReport report;
  report.triple_fault = true;
  if (start < 0) return report;
  if (auto v = hex_after(lines[start], "new ")) report.vector = static_cast<int>(*v);
  // The delivery of that exception, if QEMU got as far as logging it: "v=0e e=0002 ... pc=... CR2=..."
  for (int i = start + 1; i < end; ++i) {
    std::string_view line = lines[i];
    if (line.find(" v=") == std::string_view::npos) continue;
    if (auto v = hex_after(line, "v="); !v || static_cast<int>(*v) != report.vector) continue;
    if (auto e = hex_after(line, " e=")) report.error_code = static_cast<uint32_t>(*e);
    report.rip = hex_after(line, " pc=");
    report.cr2 = hex_after(line, " CR2=");
    if (size_t sp = line.find(" SP="); sp != std::string_view::npos) {  // "SP=0010:ffff..."
      size_t colon = line.find(':', sp);
      if (colon != std::string_view::npos) report.rsp = hex_after(line.substr(colon), ":");
    }
    break;
  }
  return report;
}

bool FaultReport::stack_overflow() const {
  if (vector != 14 || !cr2 || !rsp) return false;
  if (error_code && (*error_code & 1)) return false;  // a protection violation: the page exists
  return *cr2 + kPageSize >= *rsp && *cr2 < *rsp + kPageSize;
}

std::string exception_name(int vector) {
  static const char* const kNames[] = {
      "#DE (divide error)", "#DB (debug)", "NMI", "#BP (breakpoint)", "#OF (overflow)",
      "#BR (bound range exceeded)", "#UD (invalid opcode)", "#NM (device not available)",
      "#DF (double fault)", "coprocessor segment overrun", "#TS (invalid TSS)",
      "#NP (segment not present)", "#SS (stack-segment fault)", "#GP (general protection fault)",
      "#PF (page fault)", "vector 0xf", "#MF (x87 floating-point error)", "#AC (alignment check)",
      "#MC (machine check)", "#XM (SIMD floating-point exception)", "#VE (virtualization exception)",
      "#CP (control protection exception)"};
  if (vector >= 0 && vector < static_cast<int>(std::size(kNames))) return kNames[vector];
  if (vector < 0) return "an exception";
  return fmt::format("vector 0x{:x}", vector);
}

std::string describe_fault(const FaultReport& report, const ElfSymbols* symbols) {
  std::string where;
  if (report.rip) {
    where = fmt::format(" at RIP 0x{:x}", *report.rip);
    std::string function = symbols ? symbols->describe(*report.rip) : std::string();
    if (!function.empty()) where += fmt::format(" (in {})", function);
  }
  if (report.stack_overflow())
    return fmt::format("stack overflow: {}{} hit the stack's guard page (address 0x{:x}, RSP 0x{:x}), "
                       "then a triple fault; raise [bootloader] stack-size in kernel.toml (default 128K) "
                       "or use less stack (deep recursion, large locals)",
                       exception_name(report.vector), where, *report.cr2, *report.rsp);
  std::string out = fmt::format("triple fault: {}", exception_name(report.vector)) + where;
  if (report.vector == 14 && report.cr2) out += fmt::format(", address 0x{:x}", *report.cr2);
  if (report.error_code && report.vector == 14) {
    uint32_t e = *report.error_code;
    out += fmt::format(", error 0x{:x} ({}, {}{}{})", e, e & 2 ? "write" : e & 16 ? "instruction fetch" : "read",
                       e & 1 ? "protection violation" : "not present", e & 4 ? ", user mode" : "",
                       e & 8 ? ", reserved bit set" : "");
  } else if (report.error_code && *report.error_code) {
    out += fmt::format(", error code 0x{:x}", *report.error_code);
  }
  if (report.vector < 0) out += " (QEMU's log does not say which exception started it)";
  return out;
}

const char* cpu_fault_name(Arch arch) {
  switch (arch) {
    case Arch::aarch64: return "synchronous exception";
    case Arch::riscv64: return "trap";
    case Arch::x86_64: break;
  }
  return "triple fault";
}

std::optional<std::string> explain_fault_log(Arch arch, std::string_view log, const ElfSymbols* symbols) {
  switch (arch) {
    case Arch::aarch64: return explain_aarch64_fault_log(log, symbols);
    case Arch::riscv64: return explain_riscv64_fault_log(log, symbols);
    case Arch::x86_64: break;
  }
  std::optional<FaultReport> report = parse_fault_log(log);
  if (!report || !report->triple_fault) return std::nullopt;
  return describe_fault(*report, symbols);
}

}  // namespace kbuild
