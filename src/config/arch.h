// The architectures kbuild builds and boots kernels for, and what it knows about each: one row
// per architecture, which kernel.toml's [target] arch, `kbuild new --arch`, the ELF checks, the
// runner and `kbuild doctor` all read.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

enum class Arch { x86_64, aarch64, riscv64 };

struct ArchInfo {
  Arch arch;
  const char* name;          // as kernel.toml's [target] arch and messages spell it
  uint16_t e_machine;        // a kernel ELF's e_machine (<elf.h>'s EM_*)
  const char* qemu;          // the QEMU that boots it
  const char* qemu_package;  // the Debian package that has that QEMU
  bool kvm;                  // KVM can run it: the architecture kbuild itself runs on
};

// Every row, x86_64 (the default) first.
std::span<const ArchInfo> arches();
const ArchInfo& arch_info(Arch arch);

// The name kernel.toml and messages use: "x86_64", "aarch64", "riscv64".
const char* arch_name(Arch arch);
// The architecture a name (as kernel.toml's `arch` spells it) stands for; false when none.
bool arch_from_name(std::string_view name, Arch* out);
// The architecture of an ELF's e_machine; false when kbuild knows none.
bool arch_from_elf_machine(uint16_t e_machine, Arch* out);

// Every name, in the table's order.
std::vector<std::string> arch_names();
// For messages: "\"x86_64\", \"aarch64\" or \"riscv64\"".
std::string quoted_arch_names();

}  // namespace kbuild
