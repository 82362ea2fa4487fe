// Modules through the real binary: `kbuild runner --module FILE[=CMDLINE]` hands files to the
// kernel, a bad --module is refused before any work, and `kbuild build` rewrites the image when
// a module of [bootloader] modules changes.
#include <sys/stat.h>

#include "cli_harness.h"

namespace kbuild::test {
namespace {

// Prints each module as "MOD name [cmdline] first-bytes".
constexpr const char* kModuleKernel = R"(#include <kbuild/boot.h>
#include <kbuild/console.h>

extern "C" void kernel_main(const kbuild_boot_info* info) {
  kbuild_console_init(info);
  auto* modules = reinterpret_cast<const kbuild_module*>(info->modules);
  for (uint64_t i = 0; i < info->module_count; ++i) {
    char bytes[17] = {};
    const char* data = reinterpret_cast<const char*>(info->physical_memory_offset + modules[i].address);
    for (uint64_t j = 0; j < 16 && j < modules[i].size; ++j) bytes[j] = data[j];
    kbuild_console_print("MOD ");
    kbuild_console_print(reinterpret_cast<const char*>(modules[i].name));
    kbuild_console_print(" [");
    kbuild_console_print(reinterpret_cast<const char*>(modules[i].cmdline));
    kbuild_console_print("] ");
    kbuild_console_print(bytes);
    kbuild_console_print("\n");
  }
  kbuild_console_print("MODULES DONE\n");
}
)";

TEST_F(CliTest, RunnerModulesReachTheKernel) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  write("k/src/main.cpp", kModuleKernel);
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  write("initrd.txt", "initrd-bytes");
  write("data/font.bin", "font-bytes");
  CliRun r = kbuild({"runner", "--headless", "--timeout", "120", "--module", "initrd.txt=root=/dev/ram0 rw",
                     "--module", "data/font.bin", "k/build/dev/k.elf"});
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("MOD initrd.txt [root=/dev/ram0 rw] initrd-bytes\nMOD font.bin [] font-bytes\n"
                       "MODULES DONE\n"),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, RunnerRefusesAMissingModuleBeforeImaging) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  std::filesystem::remove(dir_ / "k/build/dev/k.img");
  CliRun r = kbuild({"runner", "--headless", "--module", "gone.tar=quiet", "k/build/dev/k.elf"});
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_EQ(count_lines_containing(r.err, ""), 1u) << r.err;
  EXPECT_NE(r.err.find("--module gone.tar=quiet: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/gone.tar does not exist"), std::string::npos) << r.err;  // kernel.toml's words
  EXPECT_FALSE(std::filesystem::exists(dir_ / "k/build/dev/k.img")) << "nothing imaged";
  // A FIFO is refused at once, not opened for a writer that never comes.
  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0600), 0);
  CliRun fifo = kbuild({"runner", "--headless", "--module", "pipe", "k/build/dev/k.elf"});
  EXPECT_EQ(fifo.status, 1) << fifo.all();
  EXPECT_NE(fifo.err.find("/pipe is not a regular file (a FIFO)"), std::string::npos) << fifo.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "k/build/dev/k.img")) << "nothing imaged";
}

TEST_F(CliTest, BuildRewritesTheImageWhenAModuleChanges) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  std::string toml = read("k/kernel.toml");
  write("k/kernel.toml", toml + "\n[bootloader]\nmodules = [{ path = \"initrd.txt\", cmdline = \"rw\" }]\n");
  write("k/initrd.txt", "first-module-bytes");
  CliRun first = kbuild({"build"}, dir_ / "k");
  ASSERT_EQ(first.status, 0) << first.all();
  std::string image = read("k/build/dev/k.img");
  EXPECT_NE(image.find("first-module-bytes"), std::string::npos);
  EXPECT_NE(image.find("initrd.txt"), std::string::npos) << "the module table names it";

  write("k/initrd.txt", "second-module-bytes, longer");
  CliRun second = kbuild({"build"}, dir_ / "k");
  ASSERT_EQ(second.status, 0) << second.all();
  image = read("k/build/dev/k.img");
  EXPECT_EQ(image.find("first-module-bytes"), std::string::npos);
  EXPECT_NE(image.find("second-module-bytes, longer"), std::string::npos);

  std::filesystem::remove(dir_ / "k/initrd.txt");
  CliRun gone = kbuild({"build"}, dir_ / "k");
  EXPECT_EQ(gone.status, 1) << gone.all();
  EXPECT_NE(gone.err.find("kernel.toml:"), std::string::npos) << gone.err;
  EXPECT_NE(gone.err.find("module 'initrd.txt' does not exist"), std::string::npos) << gone.err;
}

}  // namespace
}  // namespace kbuild::test
