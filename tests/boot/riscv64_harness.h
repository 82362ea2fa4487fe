// Shared by the riscv64 boot tests: the probe kernel (kernels/riscv64/probe.cpp) built by the
// real kbuild binary (its runtime and default linker script included) in one project per
// variant under the test build tree, imaged with a command line by `kbuild image`, and booted
// the way kbuild boots riscv64: qemu-system-riscv64 -M virt -kernel <image>.loader -initrd
// <image>, with -no-reboot and QEMU's -d int log.
#pragma once

#include <filesystem>
#include <string>

namespace kbuild::boot_test {

struct Riscv64Boot {
  int exit_code = -1;
  std::string serial;   // the serial port, with "\r\n" as "\n"
  std::string int_log;  // QEMU's -d int log
  std::string error;    // set when building, imaging or starting QEMU failed
};

// `big`: the probe with kernels/riscv64/big.cpp linked in (16 MiB more).
Riscv64Boot boot_riscv64_probe(const std::string& cmdline, const std::string& memory = "128M",
                               bool big = false);

}  // namespace kbuild::boot_test
