// Explaining a trap on riscv64 from QEMU's `-d int` log. QEMU 7.2 logs each trap as one line:
//   riscv_cpu_do_interrupt: hart:0, async:0, cause:000000000000000f, epc:0xffffffff80000022,
//   tval:0xffffffff80000018, desc=store_page_fault
// A trap the kernel has not taken over lands in kbuild's loader stub (<kbuild/boot.h>), which
// ends the run by jumping to sp: that faults once more, with tval == epc == sp. That last line
// marks the synchronous trap before it as the fatal one and gives the stack pointer. Traps
// without the marker after them (OpenSBI's own probes, traps the kernel handled) are no report.
#include <cstdlib>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "image/elf_symbols.h"
#include "qemu/fault_log.h"

namespace kbuild {
namespace {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kInstructionPageFault = 12, kLoadPageFault = 13, kStorePageFault = 15;


struct Trap {
  uint64_t cause, epc, tval;
};

std::vector<Trap> synchronous_traps(std::string_view log) {
  std::vector<Trap> traps;
  size_t at = 0;
  while ((at = log.find("riscv_cpu_do_interrupt:", at)) != std::string_view::npos) {
    size_t end = log.find('\n', at);
    std::string_view line = log.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at += line.size();
    if (line.find("async:0") == std::string_view::npos) continue;
    auto cause = hex_after(line, "cause:"), epc = hex_after(line, "epc:0x"), tval = hex_after(line, "tval:0x");
    if (cause && epc && tval) traps.push_back({*cause, *epc, *tval});
  }
  return traps;
}

}  // namespace

std::string riscv_cause_name(uint64_t cause) {
  static const char* const kNames[] = {"instruction address misaligned", "instruction access fault",
                                       "illegal instruction", "breakpoint", "load address misaligned",
                                       "load access fault", "store/AMO address misaligned",
                                       "store/AMO access fault", "environment call from U-mode",
                                       "environment call from S-mode", nullptr,
                                       "environment call from M-mode", "instruction page fault",
                                       "load page fault", nullptr, "store/AMO page fault"};
  if (cause < std::size(kNames) && kNames[cause]) return kNames[cause];
  return fmt::format("cause {:#x}", cause);
}

std::optional<std::string> explain_riscv64_fault_log(std::string_view log, const ElfSymbols* symbols) {
  std::vector<Trap> traps = synchronous_traps(log);
  if (traps.size() < 2) return std::nullopt;
  const Trap& marker = traps.back();
  const Trap& fault = traps[traps.size() - 2];
  if (marker.epc != marker.tval) return std::nullopt;
  const uint64_t sp = marker.tval;
  std::string where = fmt::format(" at PC {:#x}", fault.epc);
  std::string function = symbols ? symbols->describe(fault.epc) : std::string();
  if (!function.empty()) where += fmt::format(" (in {})", function);
  bool page_fault = fault.cause == kInstructionPageFault || fault.cause == kLoadPageFault ||
                    fault.cause == kStorePageFault;
  // A page fault within a page of sp: the kernel ran off its stack into the unmapped guard page.
  if (page_fault && fault.tval + kPageSize >= sp && fault.tval < sp + kPageSize)
    return fmt::format("stack overflow: {}{} hit the stack's guard page (address {:#x}, SP {:#x}); raise "
                       "[bootloader] stack-size in kernel.toml (default 128K) or use less stack (deep "
                       "recursion, large locals)",
                       riscv_cause_name(fault.cause), where, fault.tval, sp);
  return fmt::format("{}{}, address {:#x} (scause {}, no trap handler: the machine was reset)",
                     riscv_cause_name(fault.cause), where, fault.tval, fault.cause);
}

}  // namespace kbuild
