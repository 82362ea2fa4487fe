// kernel.toml values that are valid TOML but no kernel, QEMU or OS can use: each is refused at
// its place in the file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "build/plan.h"
#include "config/config_reader.h"
#include "config/config_values.h"
#include "scaffold/scaffold.h"
#include "support/project_dir_test.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class HostileConfig : public test::ProjectDirTest {
 protected:
  void SetUp() override {
    ProjectDirTest::SetUp();
    write("src/main.cpp", "int x;\n");
    write("linker.ld", "\n");
  }
  std::string read_error(const std::string& toml) {
    std::ofstream(root_ / "kernel.toml") << toml;
    Config config;
    std::string err;
    EXPECT_FALSE(read_config("kernel.toml", &config, &err)) << toml;
    return err;
  }
  bool reads(const std::string& toml) {
    std::ofstream(root_ / "kernel.toml") << toml;
    Config config;
    std::string err;
    return read_config("kernel.toml", &config, &err);
  }
};

const std::string kHead = "[kernel]\nname = \"k\"\n";

TEST_F(HostileConfig, ANulCharacterInAnyStringIsAnErrorAtItsPlace) {
  // A NUL in a glob used to send the walk into a directory it then recursed into without end.
  EXPECT_EQ(read_error(kHead + "sources = [\"src/\\u0000/*.cpp\"]\n"),
            "kernel.toml:3:12: 'sources' must not contain a NUL character (\\u0000)");
  EXPECT_EQ(read_error(kHead + "cflags = [\"-O2\", \"-DX\\u0000\"]\n"),
            "kernel.toml:3:18: 'cflags' must not contain a NUL character (\\u0000)");
  EXPECT_EQ(read_error(kHead + "include-dirs = [\"src\\u0000x\"]\n"),
            "kernel.toml:3:17: 'include-dirs' must not contain a NUL character (\\u0000)");
  EXPECT_EQ(read_error(kHead + "linker-script = \"linker.ld\\u0000\"\n"),
            "kernel.toml:3:17: 'linker script' must not contain a NUL character (\\u0000)");
  EXPECT_EQ(read_error(kHead + "compiler-launcher = [\"cc\\u0000ache\"]\n"),
            "kernel.toml:3:22: 'compiler-launcher' must not contain a NUL character (\\u0000)");
  EXPECT_EQ(read_error(kHead + "[run]\ncommand = [\"qemu\\u0000\", \"{}\"]\n"),
            "kernel.toml:4:12: 'command' must not contain a NUL character (\\u0000)");
  EXPECT_EQ(read_error(kHead + "[test]\nsources = [\"tests/\\u0000*.cpp\"]\n"),
            "kernel.toml:4:12: 'sources' must not contain a NUL character (\\u0000)");
  EXPECT_EQ(read_error("[kernel]\nname = \"k\\u0000\"\n"),
            "kernel.toml:2:8: 'name' must not contain a NUL character (\\u0000)");
}

TEST_F(HostileConfig, SuccessExitCodeMustBeOneOnlyAKernelCanProduce) {
  std::string one = read_error(kHead + "[test]\nsuccess-exit-code = 1\n");
  EXPECT_EQ(one.rfind("kernel.toml:4:21: success-exit-code cannot be 1: QEMU itself exits with 1 "
                      "when it fails to start",
                      0),
            0u)
      << one;
  std::string boot = read_error(kHead + "[test]\nsuccess-exit-code = 255\n");
  EXPECT_NE(boot.find("kernel.toml:4:21: success-exit-code cannot be 255"), std::string::npos) << boot;
  EXPECT_NE(boot.find("bootloader"), std::string::npos) << boot;
  for (const char* bad : {"0", "2", "34", "256", "-33", "9223372036854775807"}) {
    std::string err = read_error(kHead + "[test]\nsuccess-exit-code = " + bad + "\n");
    EXPECT_NE(err.find("success-exit-code must be an odd number from 3 to 253"), std::string::npos)
        << bad << ": " << err;
  }
  EXPECT_TRUE(reads(kHead + "[test]\nsuccess-exit-code = 3\n"));
  EXPECT_TRUE(reads(kHead + "[test]\nsuccess-exit-code = 253\n"));
}

TEST_F(HostileConfig, MemoryMustBeSomethingQemuCanGive) {
  EXPECT_EQ(read_error(kHead + "[run]\nmemory = \"0\"\n"),
            "kernel.toml:4:10: memory \"0\" is zero; give the guest some, as in \"256M\"");
  EXPECT_EQ(read_error(kHead + "[run]\nmemory = \"0G\"\n"),
            "kernel.toml:4:10: memory \"0G\" is zero; give the guest some, as in \"256M\"");
  EXPECT_EQ(read_error(kHead + "[run]\nmemory = \"2T\"\n"),
            "kernel.toml:4:10: memory \"2T\" is more than QEMU can give an x86_64 guest (at most 1T)");
  EXPECT_EQ(read_error(kHead + "[run]\nmemory = 2000000\n"),
            "kernel.toml:4:10: memory \"2000000M\" is more than QEMU can give an x86_64 guest (at most "
            "1T)");
  for (const char* bad : {"256MB", "1.5G", "12P", "99999999999999999999", "-1", "M"}) {
    std::string err = read_error(kHead + "[run]\nmemory = \"" + bad + "\"\n");
    EXPECT_NE(err.find("is not a size QEMU understands"), std::string::npos) << bad << ": " << err;
  }
  EXPECT_TRUE(reads(kHead + "[run]\nmemory = \"1T\"\n"));
  EXPECT_TRUE(reads(kHead + "[run]\nmemory = \"512k\"\n"));
}

TEST_F(HostileConfig, KernelNamesHaveOneLengthLimitEverywhere) {
  std::string longest(kMaxKernelNameLength, 'k'), too_long(kMaxKernelNameLength + 1, 'k');
  EXPECT_TRUE(reads("[kernel]\nname = \"" + longest + "\"\n"));
  EXPECT_EQ(read_error("[kernel]\nname = \"" + too_long + "\"\n"),
            "kernel.toml:2:8: name is 65 characters long; a kernel name has at most 64");
  EXPECT_EQ(read_error(kHead + "[profile." + too_long + "]\n"),
            "kernel.toml:3:10: profile name is 65 characters long; it may have at most 64");

  std::string err;
  EXPECT_TRUE(check_kernel_name(longest, &err)) << err;
  EXPECT_FALSE(check_kernel_name(too_long, &err));
  EXPECT_NE(err.find("longer than 64 characters"), std::string::npos) << err;

  Config config;
  config.root = "/proj";
  config.name.value = "k";
  config.profiles["dev"] = Profile{"dev", "0", true, {}, {}, {}};
  PlanInput in;
  in.config = &config;
  in.profile = &config.profiles["dev"];
  in.data_dir = "/data";
  in.sources = {"src/main.cpp"};
  in.test_sources = {"tests/" + longest + ".cpp"};
  BuildPlan plan;
  EXPECT_TRUE(plan_kernel_build(in, &plan, &err)) << err;
  in.test_sources = {"tests/" + too_long + ".cpp"};
  EXPECT_FALSE(plan_kernel_build(in, &plan, &err));
  EXPECT_NE(err.find("is longer than 64 characters"), std::string::npos) << err;
}

TEST(PathArgument, ASourceThatLooksLikeAnOptionIsPassedAsAPath) {
  EXPECT_EQ(path_argument("-ofoo.cpp"), "./-ofoo.cpp");
  EXPECT_EQ(path_argument("src/-o.cpp"), "src/-o.cpp");
  EXPECT_EQ(path_argument("/abs/-o.cpp"), "/abs/-o.cpp");
}

}  // namespace
}  // namespace kbuild
