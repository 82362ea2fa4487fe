// The accelerator decision ([run] accel, --accel) against fake /dev/kvm and /proc/cpuinfo files,
// the key in kernel.toml, and what it adds to QEMU's command line.
#include "qemu/accel.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "build/target.h"
#include "config/config_reader.h"
#include "core/process.h"
#include "qemu/qemu_command.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

constexpr const char* kIntelFlags =
    "processor\t: 0\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 vmx est tm2 ssse3\n\n";
constexpr const char* kAmdFlags = "processor\t: 0\nflags\t\t: fpu vme de svm extapic\n";
// What these build machines show: no vmx or svm, though words around them contain the letters.
constexpr const char* kNoVirtFlags =
    "processor\t: 0\nflags\t\t: fpu vme hypervisor vmxnotreally xsvm\nvmx flags\t: ept vpid\n";

class Accel_ : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = scratch_.path(); }
  KvmHost host(const char* cpuinfo, bool device, mode_t mode = 0666) {
    KvmHost h{dir_ / "kvm", dir_ / "cpuinfo"};
    std::ofstream(h.cpuinfo) << cpuinfo;
    if (device) {
      std::ofstream(h.dev_kvm) << "";
      ::chmod(h.dev_kvm.c_str(), mode);
    }
    return h;
  }
  test::ScratchDir scratch_;
  fs::path dir_;
};

TEST_F(Accel_, CpuFlagsAreWholeWordsOnTheFlagsLine) {
  std::string which;
  EXPECT_TRUE(cpu_offers_virtualization(kIntelFlags, &which));
  EXPECT_EQ(which, "vmx");
  EXPECT_TRUE(cpu_offers_virtualization(kAmdFlags, &which));
  EXPECT_EQ(which, "svm");
  EXPECT_FALSE(cpu_offers_virtualization(kNoVirtFlags, &which));
  EXPECT_FALSE(cpu_offers_virtualization("", &which));
}

TEST_F(Accel_, AutoChoosesKvmOnlyWhenTheDeviceOpensAndTheCpuOffersIt) {
  AccelChoice choice;
  std::string err;
  ASSERT_TRUE(choose_accel(Accel::automatic, Arch::x86_64, host(kIntelFlags, true), &choice, &err))
      << err;
  EXPECT_TRUE(choice.kvm) << choice.reason;
  EXPECT_NE(choice.reason.find("KVM"), std::string::npos) << choice.reason;
}

TEST_F(Accel_, AutoChoosesTcgWhenTheCpuShowsNoVirtualisation) {
  AccelChoice choice;
  std::string err;
  ASSERT_TRUE(choose_accel(Accel::automatic, Arch::x86_64, host(kNoVirtFlags, true), &choice, &err))
      << err;
  EXPECT_FALSE(choice.kvm);
  EXPECT_NE(choice.reason.find("no vmx or svm"), std::string::npos) << choice.reason;
}

TEST_F(Accel_, AutoChoosesTcgWithoutADevice) {
  AccelChoice choice;
  std::string err;
  ASSERT_TRUE(choose_accel(Accel::automatic, Arch::x86_64, host(kAmdFlags, false), &choice, &err))
      << err;
  EXPECT_FALSE(choice.kvm);
  EXPECT_NE(choice.reason.find("cannot open"), std::string::npos) << choice.reason;
}

TEST_F(Accel_, AutoChoosesTcgWhenTheDeviceCannotBeOpened) {
  if (::geteuid() == 0) GTEST_SKIP() << "root opens any file";
  AccelChoice choice;
  std::string err;
  ASSERT_TRUE(choose_accel(Accel::automatic, Arch::x86_64, host(kAmdFlags, true, 0), &choice, &err))
      << err;
  EXPECT_FALSE(choice.kvm);
}

TEST_F(Accel_, TcgIsNeverKvm) {
  AccelChoice choice;
  std::string err;
  ASSERT_TRUE(choose_accel(Accel::tcg, Arch::x86_64, host(kIntelFlags, true), &choice, &err))
      << err;
  EXPECT_FALSE(choice.kvm);
}

TEST_F(Accel_, KvmAskedForWithoutADeviceIsAnErrorThatSaysWhatToDo) {
  AccelChoice choice;
  std::string err;
  EXPECT_FALSE(choose_accel(Accel::kvm, Arch::x86_64, host(kIntelFlags, false), &choice, &err));
  EXPECT_NE(err.find("kvm"), std::string::npos) << err;
  EXPECT_NE(err.find("accel = \"auto\""), std::string::npos) << err;
}

TEST_F(Accel_, KvmAskedForIsUsedEvenWithoutCpuFlags) {
  AccelChoice choice;
  std::string err;
  ASSERT_TRUE(choose_accel(Accel::kvm, Arch::x86_64, host(kNoVirtFlags, true), &choice, &err))
      << err;
  EXPECT_TRUE(choice.kvm);
  EXPECT_NE(choice.reason.find("may hang"), std::string::npos) << choice.reason;
}

// KVM runs guests of the host's architecture only: an aarch64 or riscv64 kernel on this x86_64
// host is emulated even where KVM works, and asking for KVM for it is an error, not a silent TCG.
TEST_F(Accel_, KvmIsNeverChosenForAGuestOfAnotherArchitecture) {
  KvmHost working = host(kIntelFlags, true);
  for (Arch guest : {Arch::aarch64, Arch::riscv64}) {
    AccelChoice choice;
    std::string err;
    ASSERT_TRUE(choose_accel(Accel::automatic, guest, working, &choice, &err)) << err;
    EXPECT_FALSE(choice.kvm) << choice.reason;
    EXPECT_EQ(choice.reason,
              std::string("TCG (auto: KVM runs only x86_64 guests on this x86_64 host, and this "
                          "kernel is ") +
                  arch_name(guest) + ")");
    EXPECT_FALSE(choose_accel(Accel::kvm, guest, working, &choice, &err));
    EXPECT_EQ(
        err,
        std::string(
            "accel \"kvm\": KVM runs only x86_64 guests on this x86_64 host, and this kernel is ") +
            arch_name(guest) + "; use accel = \"auto\" or \"tcg\"");
  }
}

// The machine the tests run on: whatever it offers, auto's choice agrees with its CPU flags.
TEST_F(Accel_, AutoOnThisHostFollowsItsCpuFlags) {
  std::string cpuinfo, ignored, which;
  std::ifstream in("/proc/cpuinfo");
  cpuinfo.assign(std::istreambuf_iterator<char>(in), {});
  AccelChoice choice;
  std::string err;
  ASSERT_TRUE(choose_accel(Accel::automatic, Arch::x86_64, KvmHost{}, &choice, &err)) << err;
  if (!cpu_offers_virtualization(cpuinfo, &which)) EXPECT_FALSE(choice.kvm) << choice.reason;
}

TEST_F(Accel_, KernelTomlKeyIsReadAndCheckedWithItsPlace) {
  std::ofstream(dir_ / "kernel.toml") << "[kernel]\nname = \"k\"\n[run]\naccel = \"tcg\"\n";
  Config config;
  std::string err;
  ASSERT_TRUE(read_config(dir_ / "kernel.toml", &config, &err)) << err;
  EXPECT_EQ(config.run.accel, Accel::tcg);
  std::ofstream(dir_ / "kernel.toml") << "[kernel]\nname = \"k\"\n";
  Config defaults;
  ASSERT_TRUE(read_config(dir_ / "kernel.toml", &defaults, &err)) << err;
  EXPECT_EQ(defaults.run.accel, Accel::automatic);
  std::ofstream(dir_ / "kernel.toml") << "[kernel]\nname = \"k\"\n[run]\naccel = \"hvf\"\n";
  Config bad;
  EXPECT_FALSE(read_config(dir_ / "kernel.toml", &bad, &err));
  EXPECT_NE(err.find("kernel.toml:4:9: "), std::string::npos) << err;
  EXPECT_NE(err.find("\"auto\", \"kvm\" or \"tcg\""), std::string::npos) << err;
}

TEST_F(Accel_, QemuGetsTheChosenAcceleratorUnlessTheUserPickedOne) {
  Config config;
  QemuPlan plan;
  plan.mode = RunMode::headless;
  plan.image = "k.img";
  std::string none = format_command(qemu_argv(config, plan));
  EXPECT_EQ(none.find("-accel"), std::string::npos) << none;
  plan.kvm = true;
  std::string kvm = format_command(qemu_argv(config, plan));
  EXPECT_NE(kvm.find("-accel kvm -cpu host"), std::string::npos) << kvm;
  plan.kvm = false;
  std::string tcg = format_command(qemu_argv(config, plan));
  EXPECT_NE(tcg.find("-accel tcg"), std::string::npos) << tcg;
  EXPECT_EQ(tcg.find("-cpu"), std::string::npos) << tcg;
  plan.kvm = true;
  config.run.args = {"-cpu", "max"};
  std::string cpu = format_command(qemu_argv(config, plan));
  EXPECT_NE(cpu.find("-accel kvm"), std::string::npos) << cpu;
  EXPECT_EQ(cpu.find("-cpu host"), std::string::npos) << cpu;
  plan.extra_args = {"-machine", "q35,accel=tcg"};
  std::string user = format_command(qemu_argv(config, plan));
  EXPECT_EQ(user.find("-accel"), std::string::npos) << user;
}

}  // namespace
}  // namespace kbuild
