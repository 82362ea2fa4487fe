// aarch64 end to end with the real kbuild binary: `kbuild new --arch aarch64`, build, run and
// test in real qemu-system-aarch64 (QEMU virt, kbuild's direct loader).
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

TEST_F(CliTest, Aarch64TemplateBuildsAndRunsHeadlessPrintingHello) {
  CliRun made = kbuild({"new", "--arch", "aarch64", "hello"});
  ASSERT_EQ(made.status, 0) << made.all();
  EXPECT_NE(read("hello/kernel.toml").find("arch = \"aarch64\""), std::string::npos);
  CliRun built = kbuild({"build"}, dir_ / "hello");
  ASSERT_EQ(built.status, 0) << built.all();
  EXPECT_NE(built.err.find("boots on QEMU virt (direct)"), std::string::npos) << built.err;
  // The loader beside the image, so the printed QEMU command can be run again by hand.
  EXPECT_TRUE(fs::is_regular_file(dir_ / "hello/build/dev/hello.img.loader"));
  CliRun r = kbuild({"run", "--headless", "--timeout", "120"}, dir_ / "hello");
  ASSERT_EQ(r.status, 0) << r.all();
  // The serial port's lines, as the kernel wrote them (CR LF).
  EXPECT_NE(r.out.find("Hello, world!\r\nThis is hello.\r\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("Running qemu-system-aarch64 -machine virt -cpu cortex-a72"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-semihosting"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the kernel powered off"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("---- the screen"), std::string::npos) << "a framebuffer, no VGA text screen to print:\n" << r.out;
}

TEST_F(CliTest, Aarch64TemplateTestsPass) {
  ASSERT_EQ(kbuild({"new", "--arch", "aarch64", "k"}).status, 0);
  CliRun r = kbuild({"-v", "test"}, dir_ / "k");
  ASSERT_EQ(r.status, 0) << r.all();
  // -v tells the accelerator that really ran: never KVM for an aarch64 guest on this host.
  EXPECT_NE(
      r.err.find(
          "note: accelerator: TCG (auto: KVM runs only x86_64 guests on this x86_64 host, and this "
          "kernel is aarch64)"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("test basic::boot_information_is_valid ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test basic::panic_stops_the_kernel ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 passed, 0 failed"), std::string::npos) << r.out;
  // the template's golden screen cannot be compared on a board without a screen: said, not failed
  EXPECT_NE(r.all().find("the screen check needs a text screen, and aarch64 machines have none"), std::string::npos)
      << r.all();
  CliRun kvm = kbuild({"test", "--accel", "kvm"}, dir_ / "k");
  EXPECT_EQ(kvm.status, 1) << kvm.all();
  EXPECT_NE(
      kvm.err.find(
          "error: accel \"kvm\": KVM runs only x86_64 guests on this x86_64 host, and this kernel "
          "is aarch64; use accel = \"auto\" or \"tcg\"\n"),
      std::string::npos)
      << kvm.err;
  EXPECT_EQ(kvm.out.find("test basic"), std::string::npos) << "nothing booted:\n" << kvm.out;
}

// The same image under AAVMF: BOOTAA64.EFI from its ESP, the disk on virt's virtio-blk, a
// device tree instead of ACPI, and the run ends as the direct one does (PSCI power-off).
TEST_F(CliTest, Aarch64TemplateRunsUnderUefi) {
  ASSERT_EQ(kbuild({"new", "--arch", "aarch64", "hello"}).status, 0);
  CliRun r = kbuild({"run", "--headless", "--firmware", "uefi", "--timeout", "240"}, dir_ / "hello");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("boots on QEMU virt (direct) and UEFI"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Hello, world!\r\nThis is hello.\r\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("Running qemu-system-aarch64 -machine virt,acpi=off -cpu cortex-a72"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("-initrd"), std::string::npos) << "booted from the disk, not from RAM:\n" << r.err;
  EXPECT_NE(r.err.find("the kernel powered off"), std::string::npos) << r.err;
}

TEST_F(CliTest, Aarch64RefusesTheBiosFirmware) {
  ASSERT_EQ(kbuild({"new", "--arch", "aarch64", "k"}).status, 0);
  CliRun bios = kbuild({"run", "--headless", "--firmware", "bios"}, dir_ / "k");
  EXPECT_EQ(bios.status, 1) << bios.all();
  EXPECT_NE(bios.err.find("error: aarch64 kernels do not boot on a BIOS"), std::string::npos) << bios.err;
}

// The direct path has a screen: QEMU's ramfb, which the loader hands over as the framebuffer and
// the template's console writes its greeting on. The run ends at the kernel's power-off, with
// the screenshot taken while the machine is paused.
TEST_F(CliTest, Aarch64TemplateRunSavesAScreenshotOfTheRamfb) {
  ASSERT_EQ(kbuild({"new", "--arch", "aarch64", "k"}).status, 0);
  CliRun r = kbuild({"run", "--headless", "--timeout", "120", "--screenshot", "s.png"}, dir_ / "k");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("-device ramfb"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the kernel powered off"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Saved screenshot s.png"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("---- the screen"), std::string::npos) << "a framebuffer, no VGA text:\n" << r.out;
  std::string png = read("k/s.png");
  ASSERT_GT(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  // IHDR's width and height, big-endian: the loader's default 1280x800.
  EXPECT_EQ(png.substr(16, 8), std::string("\0\0\x05\0\0\0\x03\x20", 8));
}

// The aarch64 loaders load modules: an aarch64 kernel with a module is imaged (the boot test
// aarch64_modules_test.cpp checks what the kernel gets).
TEST_F(CliTest, Aarch64ImagesModules) {
  ASSERT_EQ(kbuild({"new", "--arch", "aarch64", "k"}).status, 0);
  write("k/initrd.bin", "module bytes");
  std::string toml = read("k/kernel.toml");
  toml.replace(toml.find("[target]\n"), 9, "[bootloader]\nmodules = [{ path = \"initrd.bin\" }]\n\n[target]\n");
  write("k/kernel.toml", toml);
  CliRun r = kbuild({"build"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_TRUE(std::filesystem::exists(dir_ / "k/build/dev/k.img"));
}

TEST_F(CliTest, ImagingAnAarch64KernelForX86NamesBothArchitectures) {
  ASSERT_EQ(kbuild({"new", "--arch", "aarch64", "k"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  // Outside the project: kbuild's defaults, [target] arch x86_64.
  fs::create_directories(dir_ / "elsewhere");
  CliRun r = kbuild({"image", (dir_ / "k/build/dev/k.elf").string(), "-o", "k.img"}, dir_ / "elsewhere");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("built for AArch64 (e_machine 183), but [target] arch is \"x86_64\""), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere/k.img"));
  // An x86_64 kernel under [target] arch = "aarch64" is refused the same way.
  ASSERT_EQ(kbuild({"new", "pc"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "pc").status, 0);
  CliRun back = kbuild({"image", (dir_ / "pc/build/dev/pc.elf").string(), "-o", "pc.img"}, dir_ / "k");
  EXPECT_EQ(back.status, 1) << back.all();
  EXPECT_NE(back.err.find("built for x86_64 (e_machine 62), but [target] arch is \"aarch64\" (e_machine 183)"),
            std::string::npos)
      << back.err;
}

TEST_F(CliTest, RunnerBootsAnAarch64ElfByItsMachine) {
  ASSERT_EQ(kbuild({"new", "--arch", "aarch64", "k"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  fs::create_directories(dir_ / "elsewhere");
  fs::copy_file(dir_ / "k/build/dev/k.elf", dir_ / "elsewhere/k.elf");
  CliRun r = kbuild({"runner", (dir_ / "elsewhere/k.elf").string()}, dir_ / "elsewhere");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("Hello, world!"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("qemu-system-aarch64"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kbuild::test
