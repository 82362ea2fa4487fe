#include "qemu/firmware.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

TEST(RunnerFirmware, NamesRoundTrip) {
  for (Firmware f : {Firmware::bios, Firmware::uefi}) EXPECT_EQ(parse_firmware(firmware_name(f)), f);
  EXPECT_FALSE(parse_firmware("efi").has_value());
  EXPECT_FALSE(parse_firmware("").has_value());
}

TEST(RunnerFirmware, WhichImagesBootWhere) {
  EXPECT_TRUE(firmware_boots(Firmware::bios, BootMode::hybrid));
  EXPECT_TRUE(firmware_boots(Firmware::uefi, BootMode::hybrid));
  EXPECT_TRUE(firmware_boots(Firmware::bios, BootMode::bios));
  EXPECT_FALSE(firmware_boots(Firmware::uefi, BootMode::bios));
  EXPECT_TRUE(firmware_boots(Firmware::uefi, BootMode::uefi));
  EXPECT_FALSE(firmware_boots(Firmware::bios, BootMode::uefi));
}

TEST(RunnerFirmware, AMismatchSaysWhichKeyToSet) {
  std::string err;
  EXPECT_TRUE(check_image_firmware("k.img", BootMode::hybrid, Firmware::uefi, &err));
  EXPECT_FALSE(check_image_firmware("k.img", BootMode::bios, Firmware::uefi, &err));
  EXPECT_EQ(err,
            "k.img boots on BIOS only ([target] boot = \"bios\"), not under UEFI: set boot = "
            "\"hybrid\" in kernel.toml to boot it on both");
  EXPECT_FALSE(check_image_firmware("k.img", BootMode::uefi, Firmware::bios, &err));
  EXPECT_NE(err.find("boots on UEFI only ([target] boot = \"uefi\"), not under a BIOS"),
            std::string::npos);
}

TEST(RunnerFirmware, UefiAddsOvmfAndAMissingOvmfNamesThePackage) {
  EXPECT_TRUE(firmware_qemu_args(Firmware::bios).empty());
  EXPECT_EQ(firmware_qemu_args(Firmware::uefi), (std::vector<std::string>{"-bios", kOvmfPath}));
  std::string err;
  EXPECT_TRUE(firmware_available(Firmware::bios, &err, "/nonexistent/OVMF.fd"));
  EXPECT_FALSE(firmware_available(Firmware::uefi, &err, "/nonexistent/OVMF.fd"));
  EXPECT_EQ(err,
            "cannot boot under UEFI: the OVMF firmware /nonexistent/OVMF.fd is missing; install "
            "it with `sudo apt-get install ovmf`");
}

TEST(RunnerFirmware, Aarch64UefiIsAavmfAndRiscv64UBoot) {
  EXPECT_EQ(firmware_qemu_args(Firmware::uefi, Arch::aarch64),
            (std::vector<std::string>{"-bios", "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"}));
  EXPECT_EQ(std::string(uefi_firmware(Arch::aarch64).package), "qemu-efi-aarch64");
  // riscv64: U-Boot's UEFI is the -kernel of the OpenSBI QEMU starts by default.
  EXPECT_EQ(firmware_qemu_args(Firmware::uefi, Arch::riscv64),
            (std::vector<std::string>{"-kernel", "/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"}));
  std::string err;
  EXPECT_TRUE(firmware_available(Arch::aarch64, Firmware::bios, &err));  // the direct boot needs none
  EXPECT_FALSE(firmware_available(Arch::aarch64, Firmware::uefi, &err, "/nonexistent/QEMU_EFI.fd"));
  EXPECT_EQ(err,
            "cannot boot under UEFI: the AAVMF firmware /nonexistent/QEMU_EFI.fd is missing; install "
            "it with `sudo apt-get install qemu-efi-aarch64`");
  EXPECT_FALSE(firmware_available(Arch::riscv64, Firmware::uefi, &err, "/nonexistent/uboot.elf"));
  EXPECT_EQ(err,
            "cannot boot under UEFI: the U-Boot firmware /nonexistent/uboot.elf is missing; install "
            "it with `sudo apt-get install u-boot-qemu`");
}

// Debian's U-Boot faults on riscv64 virt with 192 MiB or less: refused before QEMU starts.
TEST(RunnerFirmware, Riscv64UefiNeedsEnoughMemoryForUBoot) {
  std::string err;
  EXPECT_TRUE(check_firmware_memory(Arch::riscv64, Firmware::uefi, "224M", "kernel.toml: [run] memory", &err));
  EXPECT_TRUE(check_firmware_memory(Arch::riscv64, Firmware::uefi, "1G", "kernel.toml: [run] memory", &err));
  EXPECT_TRUE(check_firmware_memory(Arch::riscv64, Firmware::bios, "64M", "kernel.toml: [run] memory", &err));
  EXPECT_TRUE(check_firmware_memory(Arch::aarch64, Firmware::uefi, "128M", "kernel.toml: [run] memory", &err));
  EXPECT_FALSE(check_firmware_memory(Arch::riscv64, Firmware::uefi, "192M", "kernel.toml: [test.a] memory", &err));
  EXPECT_EQ(err,
            "kernel.toml: [test.a] memory = \"192M\" is too little for U-Boot's UEFI on riscv64 (it faults "
            "before booting with 192 MiB or less): use at least \"224M\"");
}

}  // namespace
}  // namespace kbuild
