// The kernel.toml keys of how runs end: [run] no-reboot, and a [test] success-exit-code that may
// not be the loader's failure status.
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

}  // namespace
}  // namespace kbuild
