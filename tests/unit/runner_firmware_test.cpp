#include "runner/firmware.h"

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

}  // namespace
}  // namespace kbuild
