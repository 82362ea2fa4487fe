#include "qemu/qemu_command.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/process.h"

namespace kbuild {
namespace {

std::string joined(const std::vector<std::string>& argv) { return format_command(argv); }

TEST(QemuCommand, DefaultRunIsQ35WithTheImageAsARawDrive) {
  Config config;
  QemuPlan plan;
  plan.mode = RunMode::headless;
  plan.image = "/p/build/dev/k.img";
  plan.qmp_socket = "/tmp/q.sock";
  plan.extra_args = {"-smp", "2"};
  EXPECT_EQ(joined(qemu_argv(config, plan)),
            "qemu-system-x86_64 -machine q35 -nodefaults -vga std -m 256M "
            "-drive format=raw,file=/p/build/dev/k.img -no-reboot -display none -serial stdio "
            "-device isa-debug-exit,iobase=0xf4,iosize=0x04 -fw_cfg name=opt/kbuild/halt,string=poweroff -action shutdown=pause "
            "-qmp unix:/tmp/q.sock,server=on,wait=off -smp 2");
  // [run] no-reboot = false, and a fault log as kbuild run passes one.
  config.run.no_reboot = false;
  plan.fault_log = "/tmp/int.log";
  std::string cmd = joined(qemu_argv(config, plan));
  EXPECT_EQ(cmd.find("-no-reboot"), std::string::npos) << cmd;
  EXPECT_NE(cmd.find("-qmp unix:/tmp/q.sock,server=on,wait=off -d int,cpu_reset -D /tmp/int.log -smp 2"),
            std::string::npos)
      << cmd;
}

TEST(QemuCommand, Riscv64BootsTheLoaderWithTheImageAsInitrd) {
  Config config;
  config.arch.value = Arch::riscv64;
  QemuPlan plan;
  plan.mode = RunMode::test;
  plan.image = "/p/build/dev/k.img";
  plan.serial_log = "/tmp/s.log";
  plan.kvm = true;  // what the host offers: never KVM for another architecture's guest
  EXPECT_EQ(joined(qemu_argv(config, plan)),
            "qemu-system-riscv64 -machine virt -nodefaults -m 256M -initrd /p/build/dev/k.img "
            "-kernel /p/build/dev/k.img.loader -no-reboot -snapshot -display none -serial file:/tmp/s.log "
            "-accel tcg");
  // Under UEFI: U-Boot is the -kernel OpenSBI starts, the image a virtio-blk disk (virt has no
  // default block interface) whose ESP holds BOOTRISCV64.EFI.
  plan.firmware = Firmware::uefi;
  EXPECT_EQ(joined(qemu_argv(config, plan)),
            "qemu-system-riscv64 -machine virt -nodefaults -m 256M -drive if=none,format=raw,file=/p/build/dev/k.img,id=kbuild-disk "
            "-device virtio-blk-device,drive=kbuild-disk -no-reboot -snapshot -display none -serial file:/tmp/s.log "
            "-accel tcg -kernel /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf");
  // A command of the user's that does not place the image gets the same disk.
  config.run.command = {"qemu-system-riscv64", "-M", "virt"};
  std::string cmd = joined(qemu_argv(config, plan));
  EXPECT_EQ(cmd.rfind("qemu-system-riscv64 -M virt -drive if=none,format=raw,file=/p/build/dev/k.img,id=kbuild-disk "
                      "-device virtio-blk-device,drive=kbuild-disk -m 256M ", 0), 0u) << cmd;
}

TEST(QemuCommand, Aarch64BootsTheLoaderWithTheImageAsInitrdOnVirt) {
  Config config;
  config.arch.value = Arch::aarch64;
  QemuPlan plan;
  plan.mode = RunMode::test;
  plan.image = "/p/build/dev/k.img";
  plan.serial_log = "/tmp/s.log";
  EXPECT_EQ(joined(qemu_argv(config, plan)),
            "qemu-system-aarch64 -machine virt -cpu cortex-a72 -m 256M -initrd /p/build/dev/k.img -device ramfb "
            "-kernel /p/build/dev/k.img.loader -no-reboot -snapshot -display none -serial file:/tmp/s.log "
            "-semihosting -fw_cfg name=opt/kbuild/halt,string=poweroff");
  // Under UEFI the same image is a disk (virt's virtio-blk) that AAVMF boots BOOTAA64.EFI from,
  // on a board without ACPI so that the firmware publishes the device tree; no -kernel.
  plan.firmware = Firmware::uefi;
  EXPECT_EQ(joined(qemu_argv(config, plan)),
            "qemu-system-aarch64 -machine virt,acpi=off -cpu cortex-a72 -m 256M -drive format=raw,file=/p/build/dev/k.img "
            "-no-reboot -snapshot -display none -serial file:/tmp/s.log "
            "-semihosting -fw_cfg name=opt/kbuild/halt,string=poweroff -bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd");
  plan.firmware = Firmware::bios;
  // A run pauses at the power-off, so that the ramfb can still be read; KVM is not for another
  // architecture's guest.
  plan.mode = RunMode::headless;
  std::string cmd = joined(qemu_argv(config, plan));
  EXPECT_NE(cmd.find("-device ramfb"), std::string::npos) << cmd;
  EXPECT_NE(cmd.find("-action shutdown=pause"), std::string::npos) << cmd;
  EXPECT_EQ(cmd.find("-accel kvm"), std::string::npos) << cmd;
  // A command of the user's that does not place the image gets it as the initrd (and no display
  // device of kbuild's: the command says which devices the machine has).
  config.run.command = {"qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "max"};
  cmd = joined(qemu_argv(config, plan));
  EXPECT_EQ(cmd.find("ramfb"), std::string::npos) << cmd;
  EXPECT_EQ(cmd.rfind("qemu-system-aarch64 -M virt,gic-version=3 -cpu max -initrd /p/build/dev/k.img "
                      "-m 256M -kernel /p/build/dev/k.img.loader ", 0), 0u) << cmd;
}

TEST(QemuCommand, TestModeOrderIsCommandNoRebootModeArgsThenUserArgs) {
  Config config;
  config.test.args = {"-m", "64M"};
  QemuPlan plan;
  plan.mode = RunMode::test;
  plan.image = "t.img";
  plan.serial_log = "t.serial";
  plan.fault_log = "t.faults";
  plan.extra_args = {"-cpu", "max"};
  std::string cmd = joined(qemu_argv(config, plan));
  EXPECT_EQ(cmd,
            "qemu-system-x86_64 -machine q35 -nodefaults -vga std -m 256M -drive format=raw,file=t.img "
            "-no-reboot -snapshot -display none -serial file:t.serial -device isa-debug-exit,iobase=0xf4,iosize=0x04 "
            "-fw_cfg name=opt/kbuild/halt,string=poweroff -d int,cpu_reset -D t.faults -m 64M -cpu max");
  config.test.no_reboot = false;
  EXPECT_EQ(joined(qemu_argv(config, plan)).find("-no-reboot"), std::string::npos);
}

TEST(QemuCommand, ATestWhoseScreenIsReadExitsThroughAFileAndPauses) {
  Config config;
  QemuPlan plan;
  plan.mode = RunMode::test;
  plan.image = "t.img";
  plan.serial_log = "t.serial";
  plan.qmp_socket = "/tmp/q.sock";
  plan.exit_port_file = "/tmp/a,b.exit";
  std::string cmd = joined(qemu_argv(config, plan));
  EXPECT_EQ(cmd.find("isa-debug-exit"), std::string::npos) << cmd;
  EXPECT_NE(cmd.find("-chardev file,id=kbuild-exit,path=/tmp/a,,b.exit -device "
                     "isa-debugcon,iobase=0xf4,chardev=kbuild-exit -fw_cfg name=opt/kbuild/halt,string=poweroff "
                     "-action shutdown=pause -qmp unix:/tmp/q.sock,server=on,wait=off"),
            std::string::npos)
      << cmd;
}

TEST(QemuCommand, CustomCommandWithAndWithoutPlaceholder) {
  Config config;
  config.run.command = {"qemu-system-x86_64", "-machine", "pc", "-hda", "{}"};
  QemuPlan plan;
  plan.image = "k.img";
  auto argv = qemu_argv(config, plan);
  EXPECT_EQ(argv[4], "k.img");
  config.run.command = {"qemu-system-x86_64", "-machine", "pc"};
  std::string cmd = joined(qemu_argv(config, plan));
  EXPECT_NE(cmd.find("-drive format=raw,file=k.img"), std::string::npos) << cmd;
}

// [run] memory reaches a custom command as -m, right after it; a command with its own -m keeps it
// (kernel.toml cannot also set [run] memory then).
TEST(QemuCommand, CustomCommandGetsRunMemoryUnlessItSetsItsOwn) {
  Config config;
  config.run.memory = "512M";
  config.run.command = {"qemu-system-x86_64", "-machine", "pc", "-hda", "{}"};
  QemuPlan plan;
  plan.image = "k.img";
  std::string cmd = joined(qemu_argv(config, plan));
  EXPECT_EQ(cmd.rfind("qemu-system-x86_64 -machine pc -hda k.img -m 512M -no-reboot ", 0), 0u) << cmd;
  config.run.command = {"qemu-system-x86_64", "-m", "2G", "-hda", "{}"};
  cmd = joined(qemu_argv(config, plan));
  EXPECT_EQ(cmd.find("512M"), std::string::npos) << cmd;
  EXPECT_EQ(cmd.find(" -m ", cmd.find("-m 2G") + 1), std::string::npos) << cmd;
}

TEST(QemuCommand, CommasInPathsAreDoubledWhereQemuSplitsOptions) {
  Config config;
  QemuPlan plan;
  plan.mode = RunMode::test;
  plan.image = "/p,q/k.img";
  plan.serial_log = "/p,q/k.serial";
  plan.fault_log = "/p,q/k.int";
  plan.qmp_socket = "/t,mp/q.sock";
  std::vector<std::string> argv = qemu_argv(config, plan);
  EXPECT_EQ(joined(argv),
            "qemu-system-x86_64 -machine q35 -nodefaults -vga std -m 256M -drive format=raw,file=/p,,q/k.img "
            "-no-reboot -snapshot -display none -serial file:/p,q/k.serial "
            "-device isa-debug-exit,iobase=0xf4,iosize=0x04 -fw_cfg name=opt/kbuild/halt,string=poweroff "
            "-qmp unix:/t,,mp/q.sock,server=on,wait=off -d int,cpu_reset -D /p,q/k.int");
  // A placeholder that is a whole argument is a plain path; one inside an option string is escaped.
  config.run.command = {"qemu-system-x86_64", "-hda", "{}", "-drive", "if=none,id=d,file={},format=raw"};
  argv = qemu_argv(config, plan);
  EXPECT_EQ(argv[2], "/p,q/k.img");
  EXPECT_EQ(argv[4], "if=none,id=d,file=/p,,q/k.img,format=raw");
  config.run.command = {"qemu-system-x86_64"};
  EXPECT_EQ(qemu_argv(config, plan)[2], "format=raw,file=/p,,q/k.img");
  EXPECT_EQ(qemu_option_value("a,b,,c"), "a,,b,,,,c");
}

TEST(QemuCommand, GdbAndTheSerialConsole) {
  Config config;
  QemuPlan plan;
  plan.image = "k.img";
  plan.gdb = true;
  plan.gdb_port = 4321;
  plan.console = true;
  std::string cmd = joined(qemu_argv(config, plan));
  constexpr const char* kConsole =
      "-chardev stdio,id=kbuild-console,mux=on,signal=on -serial chardev:kbuild-console "
      "-mon chardev=kbuild-console,mode=readline";
  EXPECT_NE(cmd.find(kConsole), std::string::npos) << cmd;
  EXPECT_EQ(cmd.find("-display"), std::string::npos) << "a window: QEMU's own display" << cmd;
  EXPECT_NE(cmd.find("-S -gdb tcp:127.0.0.1:4321"), std::string::npos) << cmd;
  plan.mode = RunMode::headless;
  cmd = joined(qemu_argv(config, plan));
  EXPECT_NE(cmd.find(std::string("-display none ") + kConsole), std::string::npos) << cmd;
}

// `kbuild run` and `kbuild test` say the same when QEMU is missing: its name and its package.
TEST(QemuCommand, AMissingQemuIsNamedWithItsPackage) {
  std::string saved = getenv("PATH") ? getenv("PATH") : "";
  setenv("PATH", "/nonexistent-kbuild-dir", 1);
  Config config;
  std::string x86, arm, wrapper;
  bool x86_ok = check_qemu(config, &x86);
  config.arch.value = Arch::aarch64;
  bool arm_ok = check_qemu(config, &arm);
  config.run.command = {"my-qemu", "-hda", "{}"};
  bool wrapper_ok = check_qemu(config, &wrapper);
  setenv("PATH", saved.c_str(), 1);
  EXPECT_FALSE(x86_ok);
  EXPECT_EQ(x86, "qemu-system-x86_64 not found in PATH: install it with `apt-get install qemu-system-x86`");
  EXPECT_FALSE(arm_ok);
  EXPECT_EQ(arm, "qemu-system-aarch64 not found in PATH: install it with `apt-get install qemu-system-arm`");
  EXPECT_FALSE(wrapper_ok);
  EXPECT_EQ(wrapper, "my-qemu not found in PATH");
}

}  // namespace
}  // namespace kbuild
