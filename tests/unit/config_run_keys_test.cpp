// The kernel.toml keys of how runs end: [run] no-reboot, and a [test] success-exit-code that may
// not be the loader's failure status; [run] memory beside a custom [run] command.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "config/config_reader.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class RunKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kbuild-run-keys-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  bool read(const std::string& toml, Config* config, std::string* err) {
    std::ofstream(dir_ / "kernel.toml") << toml;
    return read_config(dir_ / "kernel.toml", config, err);
  }
  fs::path dir_;
};

TEST_F(RunKeys, NoRebootDefaultsToTrueAndCanBeTurnedOff) {
  Config config;
  std::string err;
  ASSERT_TRUE(read("[kernel]\nname = \"k\"\n", &config, &err)) << err;
  EXPECT_TRUE(config.run.no_reboot);
  Config off;
  ASSERT_TRUE(read("[kernel]\nname = \"k\"\n[run]\nno-reboot = false\n", &off, &err)) << err;
  EXPECT_FALSE(off.run.no_reboot);
  EXPECT_TRUE(off.test.no_reboot);
}

TEST_F(RunKeys, NoRebootMustBeABoolean) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("[kernel]\nname = \"k\"\n[run]\nno-reboot = \"yes\"\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:13: "), std::string::npos) << err;
  EXPECT_NE(err.find("no-reboot"), std::string::npos) << err;
}

TEST_F(RunKeys, SuccessCodeCannotBeTheLoadersFailureStatus) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("[kernel]\nname = \"k\"\n[test]\nsuccess-exit-code = 255\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:21: success-exit-code cannot be 255: it is what kbuild's "
                     "bootloader exits with when it cannot start the kernel; use 33"),
            std::string::npos)
      << err;
}

// A custom command that sets -m itself and a [run] memory would each lose to the other: refused,
// at whichever of the two comes second.
TEST_F(RunKeys, MemoryAndACommandWithItsOwnMemoryAreRefused) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("[kernel]\nname = \"k\"\n[run]\nmemory = \"1G\"\n"
                    "command = [\"qemu-system-x86_64\", \"-m\", \"2G\", \"-hda\", \"{}\"]\n",
                    &config, &err));
  EXPECT_NE(err.find("kernel.toml:5:11: [run] memory and the -m in [run] command both set the guest's "
                     "memory; keep one (without -m in the command, kbuild passes -m with [run] memory)"),
            std::string::npos)
      << err;
  EXPECT_FALSE(read("[kernel]\nname = \"k\"\n[run]\ncommand = [\"qemu-system-x86_64\", \"-m\", \"2G\", "
                    "\"-hda\", \"{}\"]\nmemory = 512\n",
                    &config, &err));
  EXPECT_NE(err.find("kernel.toml:5:10: [run] memory and the -m in [run] command"), std::string::npos) << err;
  // Either alone is fine.
  ASSERT_TRUE(read("[kernel]\nname = \"k\"\n[run]\ncommand = [\"qemu-system-x86_64\", \"-m\", \"2G\", "
                   "\"-hda\", \"{}\"]\n",
                   &config, &err))
      << err;
  ASSERT_TRUE(read("[kernel]\nname = \"k\"\n[run]\ncommand = [\"qemu-system-x86_64\", \"-hda\", \"{}\"]\n"
                   "memory = 512\n",
                   &config, &err))
      << err;
  EXPECT_EQ(config.run.memory, "512M");
}

}  // namespace
}  // namespace kbuild
