#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>

#include "build/build.h"
#include "build/target.h"

namespace kbuild {
namespace {

using Strings = std::vector<std::string>;

bool has(const Strings& argv, const std::string& arg) {
  return std::find(argv.begin(), argv.end(), arg) != argv.end();
}
size_t index_of(const Strings& argv, const std::string& arg) {
  return size_t(std::find(argv.begin(), argv.end(), arg) - argv.begin());
}

class BuildTargetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.root = "/k";
    config_.name.value = "hello";
    config_.cxx_standard = "c++20";
    config_.include_dirs.push_back({"include", {}});
    config_.defines = {"KERNEL=1"};
    config_.flags = {"-Wall"};
    config_.cxxflags = {"-fno-threadsafe-statics"};
    profile_ = Profile{"dev", "0", true, {"DEBUG"}, {"-Wextra"}, {"--print-map"}};
    in_ = CompileFlagsInput{&config_, &profile_, "/data", false};
  }
  Strings compile(const std::string& source) {
    Strings argv;
    std::string err;
    EXPECT_TRUE(compile_argv(tools_, in_, source, source + ".o", source + ".d", &argv, &err)) << err;
    return argv;
  }
  Config config_;
  Profile profile_;
  Toolchain tools_;
  CompileFlagsInput in_;
};

TEST_F(BuildTargetTest, CxxCompileCommand) {
  Strings expected = {
      "clang++", "--target=x86_64-unknown-none-elf", "-std=c++20", "-ffreestanding", "-fno-pic",
      "-fno-pie", "-mno-red-zone", "-mgeneral-regs-only", "-mcmodel=kernel", "-fno-exceptions",
      "-fno-rtti", "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
      "-ffunction-sections", "-fdata-sections", "-nostdlibinc", "-isystem",
      "/data/runtime/include/std", "-isystem", "/data/runtime/include", "-isystem",
      "/data/bootloader/include", "-O0", "-g", "-Iinclude", "-DKERNEL=1", "-Wall",
      "-fno-threadsafe-statics", "-DDEBUG", "-Wextra", "-MD", "-MF", "src/a.cpp.d", "-c",
      "src/a.cpp", "-o", "src/a.cpp.o"};
  EXPECT_EQ(compile("src/a.cpp"), expected);
}

TEST_F(BuildTargetTest, CCompileHasNoCxxFlags) {
  Strings argv = compile("src/b.c");
  EXPECT_EQ(argv[0], "clang");
  EXPECT_TRUE(has(argv, "-std=gnu17"));
  EXPECT_FALSE(has(argv, "-std=c++20"));
  EXPECT_FALSE(has(argv, "-fno-rtti"));
  EXPECT_FALSE(has(argv, "-fno-exceptions"));
  EXPECT_FALSE(has(argv, "-fno-threadsafe-statics"));
  EXPECT_TRUE(has(argv, "-mcmodel=kernel"));
  EXPECT_TRUE(has(argv, "-Wall"));
}

TEST_F(BuildTargetTest, AssemblyUsesTheCDriverWithTargetFlags) {
  for (const char* source : {"boot.S", "boot.s"}) {
    Strings argv = compile(source);
    EXPECT_EQ(argv[0], "clang");
    EXPECT_TRUE(has(argv, "--target=x86_64-unknown-none-elf"));
    EXPECT_TRUE(has(argv, "-mno-red-zone"));
    EXPECT_FALSE(has(argv, "-std=gnu17"));
    EXPECT_FALSE(has(argv, "-fno-rtti"));
  }
}

TEST_F(BuildTargetTest, ReleaseColorAndLauncher) {
  profile_ = Profile{"release", "2", false, {}, {}, {}};
  in_.color = true;
  tools_.launcher = {"ccache"};
  Strings argv = compile("a.cpp");
  EXPECT_EQ(argv[0], "ccache");
  EXPECT_EQ(argv[1], "clang++");
  EXPECT_TRUE(has(argv, "-O2"));
  EXPECT_FALSE(has(argv, "-g"));
  EXPECT_TRUE(has(argv, "-fcolor-diagnostics"));
  // Neither the launcher nor color make a different object.
  Strings relevant = output_relevant_argv(tools_, argv);
  EXPECT_EQ(relevant[0], "clang++");
  EXPECT_FALSE(has(relevant, "-fcolor-diagnostics"));
  EXPECT_EQ(relevant.size(), argv.size() - 2);
}

TEST_F(BuildTargetTest, LinkCommand) {
  Strings argv;
  std::string err;
  config_.ldflags = {"--no-relax"};
  ASSERT_TRUE(link_argv(tools_, config_, profile_, "/data/runtime/kernel.ld", "build/dev/hello.elf",
                        {"a.o", "b.o"}, &argv, &err));
  Strings expected = {"ld.lld", "-nostdlib", "-static", "-z", "max-page-size=0x1000",
                      "--gc-sections", "--build-id=none", "-e", "_kbuild_start", "-T",
                      "/data/runtime/kernel.ld", "--no-relax", "--print-map", "-o",
                      "build/dev/hello.elf", "a.o", "b.o"};
  EXPECT_EQ(argv, expected);
}

TEST_F(BuildTargetTest, LinkerScriptDefaultAndOverride) {
  EXPECT_EQ(linker_script(config_, "/data"), "/data/runtime/arch/x86_64/kernel.ld");
  config_.linker_script = Located<std::string>{"link/kernel.ld", {}};
  EXPECT_EQ(linker_script(config_, "/data"), "/k/link/kernel.ld");
}

TEST_F(BuildTargetTest, Riscv64RowHasItsTripleFlagsAndScript) {
  config_.arch.value = Arch::riscv64;
  Strings argv = compile("src/a.cpp");
  EXPECT_EQ(argv[1], "--target=riscv64-unknown-elf");
  for (const char* flag : {"-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-mno-relax", "-ffreestanding",
                           "-fno-pic", "-fno-pie"})
    EXPECT_TRUE(has(argv, flag)) << flag;
  EXPECT_FALSE(has(argv, "-mcmodel=kernel"));
  EXPECT_FALSE(has(argv, "-mgeneral-regs-only"));  // an x86_64 and aarch64 flag clang refuses on riscv64
  EXPECT_EQ(linker_script(config_, "/data"), "/data/runtime/arch/riscv64/kernel.ld");
  TargetSpec spec;
  std::string err;
  ASSERT_TRUE(target_spec(Arch::riscv64, &spec, &err));
  EXPECT_EQ(spec.default_physical_memory_offset, 0xffffffc000000000u);  // where Sv39's upper half starts
}

TEST_F(BuildTargetTest, Aarch64RowHasItsTripleFlagsAndScript) {
  config_.arch.value = Arch::aarch64;
  Strings argv = compile("src/a.cpp");
  EXPECT_EQ(argv[1], "--target=aarch64-unknown-none-elf");
  EXPECT_TRUE(has(argv, "-mgeneral-regs-only"));
  EXPECT_FALSE(has(argv, "-mcmodel=kernel"));  // an x86_64 code model clang refuses on aarch64
  EXPECT_FALSE(has(argv, "-mno-red-zone"));
  EXPECT_EQ(linker_script(config_, "/data"), "/data/runtime/arch/aarch64/kernel.ld");
  TargetSpec spec;
  std::string err;
  ASSERT_TRUE(target_spec(Arch::aarch64, &spec, &err));
  EXPECT_EQ(spec.default_physical_memory_offset, 0xffff800000000000u);
}

TEST_F(BuildTargetTest, RetargetingMovesOnlyADefaultPhysicalMemoryOffset) {
  Config defaults;  // kbuild runner outside a project: x86_64's defaults, then the ELF's arch
  EXPECT_EQ(physical_memory_offset(defaults), 0xffff800000000000u);
  retarget_config(&defaults, Arch::riscv64);
  EXPECT_EQ(defaults.arch.value, Arch::riscv64);
  EXPECT_EQ(physical_memory_offset(defaults), 0xffffffc000000000u);
  retarget_config(&defaults, Arch::aarch64);
  EXPECT_EQ(physical_memory_offset(defaults), 0xffff800000000000u);

  Config chosen;
  chosen.bootloader.physical_memory_offset = 0xffffffd000000000u;  // kernel.toml's own stays
  retarget_config(&chosen, Arch::riscv64);
  EXPECT_EQ(physical_memory_offset(chosen), 0xffffffd000000000u);
}

// A kernel.toml that writes x86_64's default on purpose keeps it when the ELF is riscv64's: the
// value is the user's (the riscv64 loader then says it does not fit Sv39), not swapped for another.
TEST_F(BuildTargetTest, RetargetingKeepsAWrittenValueEqualToTheOldDefault) {
  Config config;
  config.bootloader.physical_memory_offset = 0xffff800000000000u;
  retarget_config(&config, Arch::riscv64);
  EXPECT_EQ(physical_memory_offset(config), 0xffff800000000000u);
  config.bootloader.physical_memory_offset = 0;  // 0: identity, on every architecture
  EXPECT_EQ(physical_memory_offset(config), 0u);
}

TEST_F(BuildTargetTest, ToolsFromEnvironment) {
  Environment env;
  env.cxx = "clang++-14";
  env.ld = "/opt/ld.lld";
  Toolchain tools = make_toolchain(config_, env);
  EXPECT_EQ(tools.cxx, "clang++-14");
  EXPECT_EQ(tools.cc, "clang");
  EXPECT_EQ(tools.ld, "/opt/ld.lld");
  EXPECT_EQ(tools.launcher, Strings{});
}

// One rule: KBUILD_COMPILER_LAUNCHER, when set, wins over kernel.toml; set but empty, it turns
// the launcher off; unset, kernel.toml's compiler-launcher is used.
TEST_F(BuildTargetTest, CompilerLauncherFromEnvironmentWins) {
  config_.compiler_launcher = {"ccache"};
  Environment env;
  EXPECT_EQ(make_toolchain(config_, env).launcher, Strings{"ccache"});
  env.compiler_launcher = Strings{"sccache", "--x", "dist"};
  EXPECT_EQ(make_toolchain(config_, env).launcher, (Strings{"sccache", "--x", "dist"}));
  env.compiler_launcher = Strings{};
  EXPECT_EQ(make_toolchain(config_, env).launcher, Strings{});
}

TEST_F(BuildTargetTest, MissingToolNamesTheDebianPackage) {
  std::string saved = getenv("PATH") ? getenv("PATH") : "";
  setenv("PATH", "/nonexistent-kbuild-dir", 1);
  std::string err_cxx, err_ld, err_other;
  bool cxx = check_program("clang++", &err_cxx);
  bool ld = check_program("ld.lld", &err_ld);
  bool other = check_program("frobnicate", &err_other);
  setenv("PATH", saved.c_str(), 1);
  EXPECT_FALSE(cxx);
  EXPECT_EQ(err_cxx, "clang++ not found in PATH: install it with `apt-get install clang`");
  EXPECT_FALSE(ld);
  EXPECT_EQ(err_ld, "ld.lld not found in PATH: install it with `apt-get install lld`");
  EXPECT_FALSE(other);
  EXPECT_EQ(err_other, "frobnicate not found in PATH");
}

TEST(BuildSummary, ProfileWords) {
  EXPECT_EQ(profile_summary(Profile{"dev", "0", true, {}, {}, {}}), "unoptimized + debuginfo");
  EXPECT_EQ(profile_summary(Profile{"release", "2", false, {}, {}, {}}), "optimized");
  EXPECT_EQ(profile_summary(Profile{"r", "s", true, {}, {}, {}}), "optimized + debuginfo");
}

}  // namespace
}  // namespace kbuild
