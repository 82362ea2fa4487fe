// Explaining triple faults: QEMU's `-d int,cpu_reset -D FILE` log lists each exception the CPU
// raised; the chain that ends in "Triple fault" starts with the exception that really went wrong
// (often a #PF or #GP with no handler). This turns that chain into one sentence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/arch.h"

namespace kbuild {

class ElfSymbols;

struct FaultReport {
  int vector = -1;                 // the first exception of the fatal chain
  std::optional<uint32_t> error_code;
  std::optional<uint64_t> rip;     // where it happened (pc= of its delivery, if logged)
  std::optional<uint64_t> cr2;     // the faulting address of a #PF
  std::optional<uint64_t> rsp;     // the stack pointer when it happened
  bool triple_fault = false;

  // A #PF on a not-present page within a page of RSP: the kernel ran off the end of its stack
  // into the unmapped guard page below it.
  bool stack_overflow() const;
};

// The hex number after `key` in a log line ("pc=" -> 0xffff..., with or without 0x), if there is
// one: how each architecture's parser reads QEMU's fields.
std::optional<uint64_t> hex_after(std::string_view line, std::string_view key);

// Finds the last fatal chain in the log. Returns nothing when the log shows no triple fault.
std::optional<FaultReport> parse_fault_log(std::string_view log);

// "#PF (page fault)", "#GP (general protection fault)", "vector 0x30".
std::string exception_name(int vector);

// "triple fault: #PF (page fault) at RIP 0xffffffff80001234 (in vga::Writer::put+0x14), address
// 0x0, error 0x2 (write, not present)"; a stack overflow is named so, with what to do.
// `symbols` may be null.
std::string describe_fault(const FaultReport& report, const ElfSymbols* symbols);

// What a CPU fault that nothing handles is called on `arch`, in verdicts: "triple fault"
// (x86_64), "synchronous exception" (aarch64), "trap" (riscv64).
const char* cpu_fault_name(Arch arch);

// What the fault log of a kernel for `arch` says about a run that ended in a triple fault
// (x86_64), a synchronous exception (aarch64) or a trap without a handler (riscv64), or nothing
// when it shows none.
std::optional<std::string> explain_fault_log(Arch arch, std::string_view log, const ElfSymbols* symbols);

// aarch64 (fault_log_aarch64.cpp): the exception that ended the run, "synchronous exception:
// Data Abort (data abort, permission fault, level 3, write, ESR 0x9600004f) at PC 0x... (in f),
// address 0x...", or nothing. That is the last exception taken, when nothing but a semihosting
// call (the loader's vectors end the run through SYS_EXIT at once) follows it and the kernel
// never returned from it: exceptions a kernel's own vectors handled (an ERET follows them), a
// PSCI power-off, IRQs and semihosting calls are no fault.
std::optional<std::string> explain_aarch64_fault_log(std::string_view log, const ElfSymbols* symbols);

// riscv64 (fault_log_riscv64.cpp): the synchronous trap before the loader stub's marker (its jump
// to sp), "store/AMO page fault at PC 0x... (in f), address 0x... (scause 15, no trap handler:
// the machine was reset)", a stack overflow named so; or nothing.
std::optional<std::string> explain_riscv64_fault_log(std::string_view log, const ElfSymbols* symbols);
// riscv64 scause values in words: "store/AMO page fault", "illegal instruction", "cause 0x18".
std::string riscv_cause_name(uint64_t cause);

}  // namespace kbuild
