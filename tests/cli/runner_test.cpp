// `kbuild runner` as other build systems call it: cargo's way (the ELF first, then the binary's
// arguments), the grammar around it (kbuild's options before the ELF, QEMU's after `--`), and
// where the image goes. Real kernels, booted in real QEMU.
#include <sys/stat.h>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

// Prints its command line between brackets on COM1, then reports a pass (QEMU status 33).
constexpr std::string_view kEchoKernel =
    "#include <kbuild/boot.h>\n"
    "#include <kbuild/runtime.h>\n"
    "#include <kbuild/test.h>\n"
    "extern \"C\" void kernel_main(const kbuild_boot_info* info) {\n"
    "  kbuild_serial_write(\"cmdline=[\", 9);\n"
    "  kbuild_serial_write(reinterpret_cast<const char*>(info->cmdline), info->cmdline_length);\n"
    "  kbuild_serial_write(\"]\\n\", 2);\n"
    "  kbuild_test_pass();\n"
    "}\n";

class RunnerTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(kbuild({"new", "echo"}).status, 0);
    write("echo/src/main.cpp", kEchoKernel);
    ASSERT_EQ(kbuild({"build"}, dir_ / "echo").status, 0);
    elf_ = dir_ / "echo/build/dev/echo.elf";
  }
  // A Rust crate's directory (no kernel.toml) with the kernel where cargo puts a binary at
  // `rel` under target/x86_64-unknown-none/debug/, executable and without an extension.
  fs::path cargo_binary(const std::string& rel) {
    fs::path crate = dir_ / "crate";
    fs::path binary = crate / "target/x86_64-unknown-none/debug" / rel;
    fs::create_directories(binary.parent_path());
    write("crate/Cargo.toml", "[package]\nname = \"kernel\"\nversion = \"0.1.0\"\n");
    fs::copy_file(elf_, binary, fs::copy_options::overwrite_existing);
    fs::permissions(binary, fs::perms::owner_exec, fs::perm_options::add);
    return binary;
  }
  fs::path elf_;
};

// cargo runs `runner = "kbuild runner"` as the runner's words, the binary's absolute path, then
// the arguments given after `--` (`cargo test -- --nocapture --test-threads=1`), from the
// package's directory for tests.
TEST_F(RunnerTest, CargoTestBinaryBootsAsATestWithItsArguments) {
  fs::path binary = cargo_binary("deps/kernel-1a2b3c4d5e6f7a8b");
  CliRun r = kbuild({"runner", binary.string(), "--nocapture", "--test-threads=1"}, dir_ / "crate");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("cmdline=[--nocapture --test-threads=1]"), std::string::npos) << r.all();
  EXPECT_NE(r.out.find("test kernel-1a2b3c4d5e6f7a8b ... ok"), std::string::npos) << r.all();
  EXPECT_TRUE(fs::is_regular_file(binary.string() + ".img"));
}

// `cargo run -- a b`: a run, the kernel's exit code passed through (33 here).
TEST_F(RunnerTest, CargoRunBinaryBootsWithItsArguments) {
  fs::path binary = cargo_binary("kernel");
  CliRun r = kbuild({"runner", binary.string(), "verbose", "root=/dev/sda"}, dir_ / "crate");
  EXPECT_EQ(r.status, 33) << r.all();
  EXPECT_NE(r.out.find("cmdline=[verbose root=/dev/sda]"), std::string::npos) << r.all();
}

TEST_F(RunnerTest, KbuildOptionsAfterTheKernelAreRefused) {
  for (std::string option : {"--headless", "--timeout=5", "--test", "-v"}) {
    CliRun r = kbuild({"runner", elf_.string(), "quiet", option});
    EXPECT_EQ(r.status, 2) << option << "\n" << r.all();
    EXPECT_NE(r.err.find("error: kbuild runner: '" + option +
                         "' after the kernel would be passed to the kernel's command line; put kbuild "
                         "options before the kernel (kbuild runner " + option +
                         " echo.elf), and QEMU arguments after `--`"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("Running"), std::string::npos) << "nothing boots:\n" << r.err;
  }
}

// Before the ELF, options are kbuild's; after it the kernel's; after `--` QEMU's, where a
// kbuild option's spelling is no longer refused.
TEST_F(RunnerTest, ArgumentsAfterDoubleDashGoToQemu) {
  CliRun r = kbuild({"-v", "runner", "--test", "--timeout", "120", elf_.string(), "one", "--", "-smp", "2",
                     "-name", "--headless"});
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("cmdline=[one]"), std::string::npos) << r.all();
  EXPECT_NE(r.err.find(" -smp 2 -name --headless"), std::string::npos) << r.err;
}

TEST_F(RunnerTest, ScreenshotAndGdbAreForRunsOnly) {
  CliRun r = kbuild({"runner", "--test", "--screenshot", "s.png", elf_.string()});
  EXPECT_EQ(r.status, 2) << r.all();
  EXPECT_NE(r.err.find("--gdb and --screenshot are for runs"), std::string::npos) << r.err;
}

// The template's kernel powers off when it is done, leaving its screen to be taken.
TEST_F(RunnerTest, RunnerSavesAScreenshot) {
  ASSERT_EQ(kbuild({"new", "hello"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "hello").status, 0);
  CliRun r = kbuild({"runner", "--headless", "--timeout", "120", "--screenshot", "shot.png",
                     "hello/build/dev/hello.elf"});
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("Saved screenshot shot.png"), std::string::npos) << r.err;
  std::string png = read("shot.png");
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

// `kbuild image` and `kbuild runner` put the image of the same ELF at the same place.
TEST_F(RunnerTest, ImageAndRunnerNameImagesAlike) {
  for (std::string name : {"kernel.bin", "kernel-0.1", "plain"}) {
    fs::copy_file(elf_, dir_ / name);
    ASSERT_EQ(kbuild({"image", name}).status, 0) << name;
    EXPECT_TRUE(fs::is_regular_file(dir_ / (name + ".img"))) << name;
    fs::remove(dir_ / (name + ".img"));
    CliRun r = kbuild({"runner", "--test", "--timeout", "120", name});
    EXPECT_EQ(r.status, 0) << r.all();
    EXPECT_TRUE(fs::is_regular_file(dir_ / (name + ".img"))) << name;
  }
  // NAME.elf is imaged as NAME.img by both.
  fs::copy_file(elf_, dir_ / "k.elf");
  ASSERT_EQ(kbuild({"image", "k.elf"}).status, 0);
  EXPECT_TRUE(fs::is_regular_file(dir_ / "k.img"));
  fs::remove(dir_ / "k.img");
  ASSERT_EQ(kbuild({"runner", "--test", "--timeout", "120", "k.elf"}).status, 0);
  EXPECT_TRUE(fs::is_regular_file(dir_ / "k.img"));
}

}  // namespace
}  // namespace kbuild::test
