// The architecture table: one row per Arch, and every question about an architecture answered
// from it (names, ELF machines, the QEMU that boots it, whether KVM can run it).
#include <elf.h>

#include <gtest/gtest.h>

#include "config/arch.h"
#include "qemu/machine.h"

namespace kbuild {
namespace {

TEST(ArchTable, EveryArchitectureHasOneRowThatNamesAndMachinesLeadBackTo) {
  const Arch all[] = {Arch::x86_64, Arch::aarch64, Arch::riscv64};
  ASSERT_EQ(arches().size(), std::size(all));
  for (Arch arch : all) {
    const ArchInfo& info = arch_info(arch);
    EXPECT_EQ(info.arch, arch);
    Arch named = Arch::x86_64, machined = Arch::x86_64;
    ASSERT_TRUE(arch_from_name(info.name, &named)) << info.name;
    EXPECT_EQ(named, arch);
    ASSERT_TRUE(arch_from_elf_machine(info.e_machine, &machined)) << info.e_machine;
    EXPECT_EQ(machined, arch);
  }
  EXPECT_EQ(arch_info(Arch::x86_64).e_machine, EM_X86_64);
  EXPECT_EQ(arch_info(Arch::aarch64).e_machine, EM_AARCH64);
  EXPECT_EQ(arch_info(Arch::riscv64).e_machine, EM_RISCV);
  Arch none;
  EXPECT_FALSE(arch_from_name("arm", &none));
  EXPECT_FALSE(arch_from_name("X86_64", &none));
  EXPECT_FALSE(arch_from_elf_machine(EM_386, &none));
  EXPECT_EQ(arch_names(), (std::vector<std::string>{"x86_64", "aarch64", "riscv64"}));
  EXPECT_EQ(quoted_arch_names(), "\"x86_64\", \"aarch64\" or \"riscv64\"");
}

TEST(ArchTable, TheMachineTakesItsQemuAndKvmFromTheRow) {
  for (const ArchInfo& info : arches()) {
    MachineSpec m = machine_spec(info.arch);
    EXPECT_EQ(m.qemu, info.qemu);
    EXPECT_EQ(m.qemu_package, info.qemu_package);
    EXPECT_EQ(m.kvm, info.kvm);
  }
#if defined(__x86_64__)
  EXPECT_TRUE(arch_info(Arch::x86_64).kvm);  // KVM runs the architecture kbuild runs on, only
  EXPECT_FALSE(arch_info(Arch::aarch64).kvm);
  EXPECT_FALSE(arch_info(Arch::riscv64).kvm);
#endif
  EXPECT_EQ(machine_spec(Arch::x86_64).qemu_package, "qemu-system-x86");
  EXPECT_EQ(machine_spec(Arch::aarch64).qemu, "qemu-system-aarch64");
  EXPECT_EQ(machine_spec(Arch::riscv64).qemu_package, "qemu-system-misc");
  // The power-off request is one fw_cfg file where the runtime reads one; riscv64's sifive_test
  // device powers off without it.
  EXPECT_EQ(machine_spec(Arch::x86_64).power_off_request,
            (std::vector<std::string>{"-fw_cfg", "name=opt/kbuild/halt,string=poweroff"}));
  EXPECT_EQ(machine_spec(Arch::aarch64).power_off_request, machine_spec(Arch::x86_64).power_off_request);
  EXPECT_TRUE(machine_spec(Arch::riscv64).power_off_request.empty());
}

}  // namespace
}  // namespace kbuild
