// riscv64 end to end through the real binary: `kbuild new --arch riscv64`, build, a headless run
// that prints hello (directly and under U-Boot's UEFI), the template's test kernel under
// `kbuild test`, and the BIOS riscv64 does not have.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

TEST_F(CliTest, Riscv64NewBuildAndHeadlessRunPrintsHello) {
  CliRun created = kbuild({"new", "--arch", "riscv64", "hello"});
  ASSERT_EQ(created.status, 0) << created.all();
  EXPECT_NE(read("hello/kernel.toml").find("arch = \"riscv64\""), std::string::npos);
  CliRun r = kbuild({"run", "--headless"}, dir_ / "hello");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("Hello, world!"), std::string::npos) << r.all();
  EXPECT_NE(r.out.find("This is hello."), std::string::npos) << r.all();
  EXPECT_NE(r.err.find("boots on QEMU virt (direct)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("qemu-system-riscv64 -machine virt"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-kernel " + (dir_ / "hello/build/dev/hello.img.loader").string()), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "hello/build/dev/hello.img.loader"));
}

TEST_F(CliTest, Riscv64TemplateTestsPass) {
  ASSERT_EQ(kbuild({"new", "--arch", "riscv64", "fresh"}).status, 0);
  CliRun r = kbuild({"test"}, dir_ / "fresh");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test basic::boot_information_is_valid ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test basic::panic_stops_the_kernel ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 passed, 0 failed (1 test kernel)"), std::string::npos) << r.out;
}

// The same image under U-Boot's UEFI: OpenSBI starts U-Boot (-kernel), whose distro boot finds
// \EFI\BOOT\BOOTRISCV64.EFI on the virtio disk; the run ends as the direct one does.
TEST_F(CliTest, Riscv64TemplateRunsUnderUefi) {
  ASSERT_EQ(kbuild({"new", "--arch", "riscv64", "hello"}).status, 0);
  CliRun r = kbuild({"run", "--headless", "--firmware", "uefi", "--timeout", "240"}, dir_ / "hello");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("boots on QEMU virt (direct) and UEFI"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Booting /efi\\boot\\bootriscv64.efi"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Hello, world!\r\nThis is hello.\r\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("-kernel /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-device virtio-blk-device,drive=kbuild-disk"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("-initrd"), std::string::npos) << "booted from the disk, not from RAM:\n" << r.err;
}

// U-Boot faults with too little RAM before any loader runs: refused at once, in one line.
TEST_F(CliTest, Riscv64UefiRefusesTooLittleMemoryAtOnce) {
  ASSERT_EQ(kbuild({"new", "--arch", "riscv64", "small"}).status, 0);
  write("small/kernel.toml", read("small/kernel.toml") + "\n[run]\nmemory = \"128M\"\n");
  CliRun r = kbuild({"run", "--headless", "--firmware", "uefi"}, dir_ / "small");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_EQ(count_lines_containing(r.err, "kernel.toml: [run] memory = \"128M\" is too little for U-Boot's UEFI on "
                                          "riscv64"), 1u) << r.err;
  EXPECT_EQ(r.err.find("Running qemu"), std::string::npos) << "QEMU never started:\n" << r.err;
}

// There is no BIOS on QEMU virt: refused at once, before anything is built.
TEST_F(CliTest, Riscv64RefusesABiosAtOnce) {
  ASSERT_EQ(kbuild({"new", "--arch", "riscv64", "fw"}).status, 0);
  CliRun bios = kbuild({"test", "--firmware", "bios"}, dir_ / "fw");
  EXPECT_EQ(bios.status, 1) << bios.all();
  EXPECT_EQ(count_lines_containing(bios.err, "riscv64 kernels do not boot on a BIOS"), 1u) << bios.err;
  EXPECT_EQ(bios.all().find("Compiling"), std::string::npos) << bios.all();
}

TEST_F(CliTest, Riscv64ImageRefusesAnX86Kernel) {
  ASSERT_EQ(kbuild({"new", "x86"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "x86").status, 0);
  write("rv/kernel.toml", "[kernel]\nname = \"rv\"\n\n[target]\narch = \"riscv64\"\n");
  write("rv/src/main.cpp", "");
  CliRun r = kbuild({"image", (dir_ / "x86/build/dev/x86.elf").string(), "-o", (dir_ / "rv/x.img").string()}, dir_ / "rv");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_EQ(count_lines_containing(r.err, "built for x86_64 (e_machine 62), but [target] arch is \"riscv64\" (e_machine 243)"), 1u)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "rv/x.img"));
}

TEST_F(CliTest, Riscv64RunnerModulesReachTheKernel) {
  ASSERT_EQ(kbuild({"new", "--arch", "riscv64", "k"}).status, 0);
  // Prints the modules as "MOD name [cmdline] bytes" on the serial port.
  write("k/src/main.cpp", R"(#include <kbuild/boot.h>
#include <kbuild/print.h>

extern "C" void kernel_main(const kbuild_boot_info* info) {
  auto* modules = reinterpret_cast<const kbuild_module*>(info->modules);
  for (uint64_t i = 0; i < info->module_count; ++i) {
    char bytes[17] = {};
    auto* data = reinterpret_cast<const char*>(info->physical_memory_offset + modules[i].address);
    for (uint64_t j = 0; j < 16 && j < modules[i].size; ++j) bytes[j] = data[j];
    kbuild::println("MOD {} [{}] {}", reinterpret_cast<const char*>(modules[i].name),
                    reinterpret_cast<const char*>(modules[i].cmdline), bytes);
  }
  kbuild::println("MODULES {}", info->module_count);
}
)");
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  write("initrd.txt", "initrd-bytes");
  write("data/font.bin", "font-bytes");
  CliRun r = kbuild({"runner", "--headless", "--timeout", "120", "--module", "initrd.txt=root=/dev/ram0 rw",
                     "--module", "data/font.bin", "k/build/dev/k.elf"});
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("MOD initrd.txt [root=/dev/ram0 rw] initrd-bytes\r\nMOD font.bin [] font-bytes\r\n"
                       "MODULES 2\r\n"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace kbuild::test
