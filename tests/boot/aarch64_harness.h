// aarch64 boot tests: a kernel project for [target] arch = "aarch64" in a scratch directory,
// its test kernels booted by the real kbuild binary (`kbuild test`) in real qemu-system-aarch64
// on QEMU virt through kbuild's direct loader. Each test writes its kernels and reads the
// verdicts kbuild prints.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "core/fs.h"
#include "support/kbuild_run.h"
#include "support/scratch_dir.h"

namespace kbuild::boot_test {

using test::CliRun;

// The start of a test kernel that checks what the loader left: <kbuild/boot.h> and <kbuild/test.h>,
// g_info (for the kernel_main the kernel defines to set it), the system registers the checks
// read (sysreg_el, sysreg_sctlr, sysreg_daif) and be32 for device-tree words, in an anonymous
// namespace the kernel's text closes.
inline constexpr const char* kCheckingKernelStart = R"(#include <kbuild/boot.h>
#include <kbuild/test.h>
#include <stdint.h>

namespace {
const kbuild_boot_info* g_info;
uint64_t sysreg_el() { uint64_t v; __asm__ volatile("mrs %0, CurrentEL" : "=r"(v)); return (v >> 2) & 3; }
uint64_t sysreg_sctlr() { uint64_t v; __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v)); return v; }
uint64_t sysreg_daif() { uint64_t v; __asm__ volatile("mrs %0, daif" : "=r"(v)); return v; }
uint64_t be32(const uint8_t* p) { return uint64_t(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
)";

class Aarch64BootTest : public ::testing::Test {
 protected:
  // tests/NAME.cpp for each entry, and kernel.toml with `toml` appended (e.g. [test.NAME] tables).
  void project(const std::map<std::string, std::string>& kernels, const std::string& toml = "") {
    std::string err;
    std::string manifest =
        "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\"]\n[target]\narch = \"" + arch_ + "\"\n"
        "[profile.dev]\nopt-level = 1\n" + toml;
    ASSERT_TRUE(write_file_if_changed(dir() / "kernel.toml", manifest, &err)) << err;
    // The kernel itself (left out of the test kernels as [kernel] entry).
    ASSERT_TRUE(write_file_if_changed(dir() / "src/main.cpp",
                                      "#include <kbuild/boot.h>\nextern \"C\" void kernel_main(const kbuild_boot_info*) {}\n",
                                      &err)) << err;
    for (const auto& [name, text] : kernels)
      ASSERT_TRUE(write_file_if_changed(dir() / "tests" / (name + ".cpp"), text, &err)) << err;
  }
  CliRun kbuild_test(std::vector<std::string> args = {}) {
    args.insert(args.begin(), "test");
    return test::run_kbuild(args, dir());
  }
  std::filesystem::path dir() { return scratch_.path(); }
  std::string arch_ = "aarch64";  // [target] arch: the riscv64 UEFI tests share the fixture
  test::ScratchDir scratch_;
};

}  // namespace kbuild::boot_test
