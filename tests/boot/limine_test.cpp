// Limine-protocol kernels (kernels/limine.cpp, linked as the Limine templates link) booted by
// kbuild's own loader from the BIOS path: the kernel checks the entry state and the responses it
// can judge alone; these tests check the rest against what QEMU was given.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <map>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

KernelSpec limine_kernel(int revision, bool framebuffer = false, bool uefi = false) {
  std::string name = "limine_rev" + std::to_string(revision) + (framebuffer ? "_fb" : "") +
                     (uefi ? "_uefi" : "");
  std::vector<std::string> defines = {"LIMINE_REVISION=" + std::to_string(revision)};
  if (framebuffer) defines.push_back("WITH_FRAMEBUFFER");
  if (uefi) defines.push_back("EXPECT_UEFI");
  return {name, "limine.cpp", "limine.ld", defines};
}

// The "MEM type bytes" lines: bytes per Limine memory type.
std::map<int, uint64_t> memory_totals(const std::string& serial) {
  std::map<int, uint64_t> totals;
  size_t at = 0;
  while ((at = serial.find("MEM ", at)) != std::string::npos) {
    int type = 0;
    uint64_t bytes = 0;
    if (std::sscanf(serial.c_str() + at, "MEM %d %" SCNu64, &type, &bytes) == 2) totals[type] = bytes;
    at += 4;
  }
  return totals;
}

BootResult boot_limine(const KernelSpec& spec, const ImageOptions& options, const BootOptions& boot_options) {
  std::filesystem::path image;
  std::string err;
  EXPECT_TRUE(build_image(spec, options, "limine.img", &image, &err)) << err;
  if (image.empty()) return {};
  return boot(image, boot_options);
}

// QEMU's SMBIOS tables name this system manufacturer; the kernel finds it through the SMBIOS
// response and prints it.
const std::vector<std::string> kSmbiosArgs = {"-smbios", "type=1,manufacturer=kbuild-smbios-test"};
constexpr const char* kSmbiosManufacturer = " manufacturer=[kbuild-smbios-test]\n";

// The date at boot is QEMU's clock, which starts at the host's time in UTC: the CMOS on BIOS,
// GetTime on UEFI.
void expect_boot_time_is_now(const std::string& serial) {
  size_t at = serial.find("BOOT_TIME ");
  ASSERT_NE(at, std::string::npos) << serial;
  long long boot_time = std::atoll(serial.c_str() + at + 10);
  EXPECT_LT(std::llabs(boot_time - static_cast<long long>(std::time(nullptr))), 3600) << serial;
}

void expect_boots_with_memory(int revision) {
  ImageOptions options;
  options.cmdline = "init=/sbin/init quiet";
  BootOptions boot_options("256M");
  boot_options.extra_args = kSmbiosArgs;
  BootResult r = boot_limine(limine_kernel(revision), options, boot_options);
  // SeaBIOS leaves the 32-bit entry point in the F segment.
  EXPECT_NE(r.serial.find(std::string("SMBIOS entry=32") + kSmbiosManufacturer), std::string::npos) << r.serial;
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("CMDLINE [" + options.cmdline + "]\n"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("RSDP ok\n"), std::string::npos) << r.serial;
  expect_boot_time_is_now(r.serial);
  // Usable, bootloader-reclaimable and kernel memory add up to the RAM less what SeaBIOS keeps
  // (the legacy hole below 1 MiB and a reservation at the top of low RAM: at most 1 MiB).
  std::map<int, uint64_t> totals = memory_totals(r.serial);
  uint64_t ram = uint64_t(256) << 20;
  uint64_t ours = totals[0] + totals[5] + totals[6];
  EXPECT_LE(ours, ram) << r.serial;
  EXPECT_GE(ours, ram - (1 << 20)) << r.serial;
  EXPECT_GT(totals[5], 0u) << r.serial;
  EXPECT_GT(totals[6], 0u) << r.serial;
  EXPECT_GT(totals[1], 0u) << r.serial;  // page zero and the firmware's reservations
}

TEST(LimineBoot, Revision2RequestsAnsweredOnBios) { expect_boots_with_memory(2); }

TEST(LimineBoot, Revision3HandsOverThePhysicalRsdp) { expect_boots_with_memory(3); }

TEST(LimineBoot, Revision0AlsoIdentityMapsLowMemory) { expect_boots_with_memory(0); }

// An older kernel that lists its requests in .limine_reqs, 4 bytes off an 8-byte boundary where
// no scan finds them: recognised as Limine when imaged, and exactly the listed requests answered
// (kernels/limine_reqs.cpp checks both).
TEST(LimineBoot, Revision0RequestsListedInLimineReqsAreAnsweredAndNoOthers) {
  BootResult r = boot_limine({"limine_reqs", "limine_reqs.cpp", "limine_reqs.ld", {}}, {}, BootOptions());
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("LISTED REQUESTS ANSWERED\n"), std::string::npos) << r.serial;
}

TEST(LimineBoot, MemoryMapFollowsTheRamSize) {
  BootResult r = boot_limine(limine_kernel(2), {}, BootOptions("1G"));
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  std::map<int, uint64_t> totals = memory_totals(r.serial);
  uint64_t ram = uint64_t(1) << 30;
  EXPECT_LE(totals[0] + totals[5] + totals[6], ram) << r.serial;
  EXPECT_GE(totals[0] + totals[5] + totals[6], ram - (1 << 20)) << r.serial;
}

TEST(LimineBoot, FramebufferRequestGetsTheDefaultMode) {
  BootOptions boot_options;
  boot_options.vga = true;
  BootResult r = boot_limine(limine_kernel(2, true), {}, boot_options);
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("FB 1024x768x32 pitch 4096\n"), std::string::npos) << r.serial;
  EXPECT_GT(memory_totals(r.serial)[7], 0u) << r.serial;
}

TEST(LimineBoot, FramebufferRequestGetsTheConfiguredMode) {
  ImageOptions options;
  options.framebuffer_width = 800;
  options.framebuffer_height = 600;
  options.framebuffer_bpp = 32;
  BootOptions boot_options;
  boot_options.vga = true;
  BootResult r = boot_limine(limine_kernel(3, true), options, boot_options);
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("FB 800x600x32 pitch 3200\n"), std::string::npos) << r.serial;
}

// UEFI: boot services exited, the firmware type and the EFI system table answered, GOP's mode
// as the framebuffer, the memory map from UEFI's.
void expect_boots_on_uefi(int revision) {
  ImageOptions options;
  options.boot = BootMode::hybrid;
  options.cmdline = "on uefi";
  std::filesystem::path disk;
  std::string err;
  ASSERT_TRUE(build_uefi_disk(limine_kernel(revision, true, true), options, "limine_uefi.img", &disk, &err))
      << err;
  BootOptions boot_options = uefi_options("256M");
  boot_options.vga = true;
  boot_options.extra_args = kSmbiosArgs;
  BootResult r = boot(disk, boot_options);
  ASSERT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  EXPECT_NE(r.serial.find("CMDLINE [on uefi]\n"), std::string::npos) << r.serial;
  expect_boot_time_is_now(r.serial);
  // OVMF's configuration table: whichever entry points it installed lead to QEMU's tables.
  EXPECT_NE(r.serial.find(kSmbiosManufacturer), std::string::npos) << r.serial;
  EXPECT_EQ(r.serial.find("SMBIOS no system information"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("FB "), std::string::npos) << r.serial;
  std::map<int, uint64_t> totals = memory_totals(r.serial);
  EXPECT_LE(totals[0] + totals[5] + totals[6], uint64_t(256) << 20) << r.serial;
  EXPECT_GE(totals[0] + totals[5] + totals[6], uint64_t(200) << 20) << r.serial;
  // The EFI memory map response: what OVMF's own map counts as free is the RAM less what the
  // firmware keeps (runtime services, ACPI, the legacy hole), and no more than what kbuild's map
  // reports usable, reclaimable or the kernel's.
  size_t at = r.serial.find("EFI_MEMMAP usable ");
  ASSERT_NE(at, std::string::npos) << r.serial;
  uint64_t efi_usable = std::strtoull(r.serial.c_str() + at + 18, nullptr, 10);
  EXPECT_LE(efi_usable, uint64_t(256) << 20) << r.serial;
  EXPECT_GE(efi_usable, uint64_t(200) << 20) << r.serial;
  EXPECT_LE(efi_usable, totals[0] + totals[5] + totals[6] + (uint64_t(1) << 20)) << r.serial;
}

TEST(LimineUefi, Revision2BootsFromUefi) { expect_boots_on_uefi(2); }

TEST(LimineUefi, Revision3BootsFromUefi) { expect_boots_on_uefi(3); }

TEST(LimineBoot, UnsupportedBaseRevisionIsRefusedWhenImaged) {
  std::filesystem::path image;
  std::string err;
  EXPECT_FALSE(build_image(limine_kernel(4), {}, "limine.img", &image, &err));
  EXPECT_NE(err.find("asks for Limine base revision 4"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild::boot_test
