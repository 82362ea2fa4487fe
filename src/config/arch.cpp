#include "config/arch.h"

#include <elf.h>

namespace kbuild {
namespace {

constexpr bool runs_here(Arch arch) {
#if defined(__x86_64__)
  return arch == Arch::x86_64;
#elif defined(__aarch64__)
  return arch == Arch::aarch64;
#elif defined(__riscv) && __riscv_xlen == 64
  return arch == Arch::riscv64;
#else
  return false;
#endif
}

constexpr ArchInfo kArches[] = {
    {Arch::x86_64, "x86_64", EM_X86_64, "qemu-system-x86_64", "qemu-system-x86", runs_here(Arch::x86_64)},
    {Arch::aarch64, "aarch64", EM_AARCH64, "qemu-system-aarch64", "qemu-system-arm", runs_here(Arch::aarch64)},
    {Arch::riscv64, "riscv64", EM_RISCV, "qemu-system-riscv64", "qemu-system-misc", runs_here(Arch::riscv64)},
};

}  // namespace

std::span<const ArchInfo> arches() { return kArches; }

const ArchInfo& arch_info(Arch arch) {
  for (const ArchInfo& info : kArches)
    if (info.arch == arch) return info;
  return kArches[0];  // every enumerator has a row (the unit tests check)
}

const char* arch_name(Arch arch) { return arch_info(arch).name; }

bool arch_from_name(std::string_view name, Arch* out) {
  for (const ArchInfo& info : kArches) {
    if (name != info.name) continue;
    *out = info.arch;
    return true;
  }
  return false;
}

bool arch_from_elf_machine(uint16_t e_machine, Arch* out) {
  for (const ArchInfo& info : kArches) {
    if (e_machine != info.e_machine) continue;
    *out = info.arch;
    return true;
  }
  return false;
}

std::vector<std::string> arch_names() {
  std::vector<std::string> names;
  for (const ArchInfo& info : kArches) names.emplace_back(info.name);
  return names;
}

std::string quoted_arch_names() {
  std::string out;
  for (size_t i = 0; i < std::size(kArches); ++i) {
    if (i > 0) out += i + 1 == std::size(kArches) ? " or " : ", ";
    out += '"' + std::string(kArches[i].name) + '"';
  }
  return out;
}

}  // namespace kbuild
