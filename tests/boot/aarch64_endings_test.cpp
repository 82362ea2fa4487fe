// How an aarch64 kernel ends a run: exit codes through semihosting, panics, a big kernel, and
// the loader's own error line.
#include "aarch64_harness.h"

namespace kbuild::boot_test {
namespace {

TEST_F(Aarch64BootTest, ExitCodesPanicsAndABigKernel) {
  project({{"exit_five", R"(#include <kbuild/boot.h>
#include <kbuild/runtime.h>
extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_exit(5); }
)"},
           {"fails", R"(#include <kbuild/boot.h>
#include <kbuild/exit_codes.h>
#include <kbuild/runtime.h>
extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_exit(KBUILD_EXIT_FAIL); }
)"},
           {"panics", R"(#include <kbuild/boot.h>
#include <kbuild/runtime.h>
[[gnu::noinline]] void give_up() { kbuild_panic("out of frames"); }
extern "C" void kernel_main(const kbuild_boot_info*) { give_up(); }
)"},
           {"big", R"(#include <kbuild/boot.h>
#include <kbuild/exit_codes.h>
#include <kbuild/runtime.h>
#include <stdint.h>
// 17 MiB of initialized data (in the file, not .bss), every word checked after the loader copied it.
__asm__(".section .data.big, \"aw\", %progbits\n.balign 8\n.globl g_big\ng_big:\n"
        ".fill 4456448, 4, 0x5a5a1234\n.long 0xfeedf00d\n.previous\n");
extern "C" const uint32_t g_big[];
extern "C" void kernel_main(const kbuild_boot_info*) {
  for (uint32_t i = 0; i < 4456448; ++i)
    if (g_big[i] != 0x5a5a1234) kbuild_exit(KBUILD_EXIT_FAIL);
  kbuild_exit(g_big[4456448] == 0xfeedf00d ? KBUILD_EXIT_PASS : KBUILD_EXIT_FAIL);
}
)"}},
          "[test]\ntimeout = 120\n[test.exit_five]\nexpect = \"exit:11\"\n[test.big]\nmemory = \"128M\"\n");
  CliRun r = kbuild_test();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("test exit_five ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test big ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test fails ... FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kernel panic: out of frames"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("give_up()"), std::string::npos) << r.out;
}

// Linked in the lower half, which the aarch64 loader does not map: kbuild image refuses it first,
// in the loader's words (bootloader/shared/kernel_rules.h), before anything boots.
TEST_F(Aarch64BootTest, ALowerHalfKernelIsRefusedWhenImagedInTheLoadersWords) {
  project({{"low", "#include <kbuild/boot.h>\nextern \"C\" void kernel_main(const kbuild_boot_info*) {}\n"}},
          "[test]\ntimeout = 120\n");
  // kbuild's own aarch64 script, moved to the lower half.
  std::string script, err;
  ASSERT_TRUE(read_file(std::filesystem::path(KBUILD_SOURCE_DIR) / "runtime/arch/aarch64/kernel.ld", &script, &err)) << err;
  size_t base = script.find("KERNEL_VIRTUAL_BASE = 0xffffffff80000000;");
  size_t start = script.find(". = KERNEL_VIRTUAL_BASE + 0x100000;");
  ASSERT_TRUE(base != std::string::npos && start != std::string::npos);
  script.replace(start, 35, ". = 0x48000000;");
  script.replace(base, 41, "KERNEL_VIRTUAL_BASE = 0;");
  ASSERT_TRUE(write_file_if_changed(dir() / "low.ld", script, &err)) << err;
  std::string toml;
  ASSERT_TRUE(read_file(dir() / "kernel.toml", &toml, &err)) << err;
  toml.insert(toml.find("[target]"), "linker-script = \"low.ld\"\n");
  ASSERT_TRUE(write_file_if_changed(dir() / "kernel.toml", toml, &err)) << err;
  CliRun r = kbuild_test();
  EXPECT_NE(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("the PT_LOAD segment at 0x48000000 is in the lower half; the aarch64 loader maps "
                         "kernels at 0xffff000000000000 and up"),
            std::string::npos) << r.all();
  EXPECT_EQ(r.all().find("Running qemu"), std::string::npos) << "nothing boots:\n" << r.all();
}

// What only the loader can know (the RAM it was given) ends the run at once with its line.
TEST_F(Aarch64BootTest, TheLoadersErrorIsReportedAtOnce) {
  project({{"huge", "#include <kbuild/boot.h>\n"
                    "static volatile char bss[160u << 20];\n"  // more than the machine has; volatile: kept
                    "extern \"C\" void kernel_main(const kbuild_boot_info*) { bss[0] = 1; }\n"}},
          "[test]\ntimeout = 120\n[test.huge]\nmemory = \"128M\"\n");
  CliRun r = kbuild_test();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("boot failed: "), std::string::npos) << r.all();
  EXPECT_EQ(r.all().find("timed out"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::boot_test
