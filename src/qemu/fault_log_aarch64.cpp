// Explaining a synchronous exception on aarch64 from QEMU's `-d int` log. QEMU 7.2 logs each
// exception as
//   Taking exception 4 [Data Abort] on CPU 0
//   ...from EL1 to EL1
//   ...with ESR 0x25/0x9600004f
//   ...with FAR 0xffffffff80100000
//   ...with ELR 0xffffffff80100004
// and each ERET as "Exception return from AArch64 EL1 to AArch64 EL1 PC 0x...". The loader's
// vectors end the run with a semihosting SYS_EXIT ([Semihosting call]) right after the exception
// they caught; kbuild_exit is a semihosting call too, a power-off a PSCI call ([Hypervisor Call]).
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "image/elf_symbols.h"
#include "qemu/fault_log.h"

namespace kbuild {
namespace {


// The exception class (ESR_EL1 bits 31:26) in words.
std::string exception_class(uint32_t ec) {
  switch (ec) {
    case 0x00: return "undefined instruction";
    case 0x07: return "FP/SIMD access trapped (kernels are built without FP registers)";
    case 0x0e: return "illegal execution state";
    case 0x15: return "SVC instruction";
    case 0x18: return "trapped system register access";
    case 0x20: case 0x21: return "instruction abort";
    case 0x22: return "PC alignment fault";
    case 0x24: case 0x25: return "data abort";
    case 0x26: return "SP alignment fault";
    case 0x2f: return "SError";
    case 0x3c: return "BRK instruction";
  }
  return fmt::format("exception class {:#x}", ec);
}

// The fault status code of an abort (ISS bits 5:0).
std::string fault_status(uint32_t fsc) {
  uint32_t level = fsc & 3;
  switch (fsc & 0x3c) {
    case 0x04: return fmt::format("translation fault, level {} (not mapped)", level);
    case 0x08: return fmt::format("access flag fault, level {}", level);
    case 0x0c: return fmt::format("permission fault, level {}", level);
  }
  if (fsc == 0x21) return "alignment fault";
  return fmt::format("fault status {:#x}", fsc);
}

enum class Kind { fault, semihosting, other };  // other: a PSCI call, an IRQ or FIQ

// One "Taking exception" entry: its first line, the lines after it up to the next entry, and
// whether the kernel returned from it (QEMU logs each ERET as "Exception return from ...").
struct Exception {
  std::string_view head, body;
  Kind kind = Kind::fault;
  bool returned = false;
};

std::vector<Exception> exceptions(std::string_view log) {
  constexpr std::string_view kTaking = "Taking exception ";
  std::vector<Exception> out;
  size_t at = log.find(kTaking);
  while (at != std::string_view::npos) {
    size_t next = log.find(kTaking, at + kTaking.size());
    std::string_view entry = log.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at);
    size_t line_end = entry.find('\n');
    Exception e;
    e.head = entry.substr(0, line_end);
    e.body = line_end == std::string_view::npos ? std::string_view() : entry.substr(line_end);
    e.returned = e.body.find("Exception return from ") != std::string_view::npos;
    if (e.head.find("[Semihosting call]") != std::string_view::npos)
      e.kind = Kind::semihosting;
    else if (e.head.find("[Hypervisor Call]") != std::string_view::npos ||
             e.head.find("[IRQ]") != std::string_view::npos || e.head.find("[FIQ]") != std::string_view::npos)
      e.kind = Kind::other;
    out.push_back(e);
    at = next;
  }
  return out;
}

}  // namespace

std::optional<std::string> explain_aarch64_fault_log(std::string_view log, const ElfSymbols* symbols) {
  std::vector<Exception> taken = exceptions(log);
  // The run's end: nothing but semihosting after the fatal exception (the loader's SYS_EXIT),
  // or the log's end (a kernel's own vectors that hang on it).
  size_t last = taken.size();
  while (last > 0 && taken[last - 1].kind == Kind::semihosting) --last;
  if (last == 0) return std::nullopt;
  const Exception& fatal = taken[last - 1];
  if (fatal.kind != Kind::fault || fatal.returned) return std::nullopt;
  std::string_view head = fatal.head, body = fatal.body;
  size_t bracket = head.find('['), close = head.find(']');
  std::string name(bracket != std::string_view::npos && close > bracket ? head.substr(bracket + 1, close - bracket - 1)
                                                                        : std::string_view("exception"));
  std::optional<uint64_t> esr, far, elr;
  if (size_t e = body.find("...with ESR "); e != std::string_view::npos) {
    std::string_view rest = body.substr(e);
    size_t slash = rest.find('/');
    if (slash != std::string_view::npos) esr = hex_after(rest.substr(slash), "/0x");
  }
  far = hex_after(body, "...with FAR 0x");
  elr = hex_after(body, "...with ELR 0x");
  std::string out = "synchronous exception: " + name;
  bool abort = false, translation = false;
  if (esr) {
    uint32_t ec = static_cast<uint32_t>(*esr >> 26) & 0x3f;
    out += fmt::format(" ({}", exception_class(ec));
    abort = ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25;
    if (abort) {
      uint32_t fsc = static_cast<uint32_t>(*esr) & 0x3f;
      translation = (fsc & 0x3c) == 0x04;
      out += ", " + fault_status(fsc);
      if (ec == 0x24 || ec == 0x25) out += (*esr >> 6) & 1 ? ", write" : ", read";
      else out += ", instruction fetch";
    }
    out += fmt::format(", ESR {:#x})", static_cast<uint32_t>(*esr));
  }
  if (elr) {
    out += fmt::format(" at PC {:#x}", *elr);
    std::string function = symbols ? symbols->describe(*elr) : std::string();
    if (!function.empty()) out += fmt::format(" (in {})", function);
  }
  if (abort && far) out += fmt::format(", address {:#x}", *far);
  // kbuild's loader puts the stack's guard page first in a 512 GiB slot of its own
  // (<kbuild/boot.h>): an unmapped access there is the stack running over its end.
  if (abort && translation && far && *far >= 0xffff000000000000ull && (*far & ((uint64_t(1) << 39) - 1)) < 4096)
    return fmt::format("stack overflow: {} hit the stack's guard page; raise [bootloader] stack-size in "
                       "kernel.toml (default 128K) or use less stack (deep recursion, large locals)",
                       out);
  return out;
}

}  // namespace kbuild
