// [bootloader] modules: an array of { path, cmdline } tables, each file checked where it is
// named, each error at its kernel.toml:LINE:COL.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "config/config_reader.h"
#include "image/kernel_image.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class ModuleKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kbuild-module-keys-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "boot");
    std::ofstream(dir_ / "boot" / "initrd.tar") << "initrd";
    std::ofstream(dir_ / "font.psf") << "font";
  }
  void TearDown() override {
    ::chmod((dir_ / "secret.bin").c_str(), 0644);
    fs::remove_all(dir_);
  }
  bool read(const std::string& bootloader, Config* config, std::string* err) {
    std::ofstream(dir_ / "kernel.toml") << "[kernel]\nname = \"k\"\n[bootloader]\n" << bootloader;
    return read_config(dir_ / "kernel.toml", config, err);
  }
  fs::path dir_;
};

TEST_F(ModuleKeys, ModulesAreReadInOrderRelativeToTheProject) {
  Config config;
  std::string err;
  ASSERT_TRUE(read("modules = [{ path = \"boot/initrd.tar\", cmdline = \"rw\" }, { path = \"font.psf\" }]\n",
                   &config, &err))
      << err;
  ASSERT_EQ(config.bootloader.modules.size(), 2u);
  EXPECT_EQ(config.bootloader.modules[0].path.value, "boot/initrd.tar");
  EXPECT_EQ(config.bootloader.modules[0].cmdline, "rw");
  EXPECT_EQ(config.bootloader.modules[1].path.value, "font.psf");
  EXPECT_EQ(config.bootloader.modules[1].cmdline, "");
  ImageOptions options = image_options(config);
  ASSERT_EQ(options.modules.size(), 2u);
  EXPECT_EQ(options.modules[0].path, config.root / "boot/initrd.tar");
}

TEST_F(ModuleKeys, ArrayOfTablesSyntaxWorksToo) {
  Config config;
  std::string err;
  std::ofstream(dir_ / "kernel.toml") << "[kernel]\nname = \"k\"\n[[bootloader.modules]]\npath = \"font.psf\"\n";
  ASSERT_TRUE(read_config(dir_ / "kernel.toml", &config, &err)) << err;
  ASSERT_EQ(config.bootloader.modules.size(), 1u);
}

TEST_F(ModuleKeys, MissingFileIsAnErrorAtItsPath) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("modules = [{ path = \"font.psf\" }, { path = \"gone.tar\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:44: module 'gone.tar' does not exist"), std::string::npos) << err;
}

TEST_F(ModuleKeys, UnreadableFileIsAnErrorAtItsPath) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  std::ofstream(dir_ / "secret.bin") << "x";
  ::chmod((dir_ / "secret.bin").c_str(), 0);
  Config config;
  std::string err;
  EXPECT_FALSE(read("modules = [{ path = \"secret.bin\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:21: module 'secret.bin' cannot be read: Permission denied"), std::string::npos)
      << err;
}

TEST_F(ModuleKeys, DirectoryIsNoModule) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("modules = [{ path = \"boot\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:21: module 'boot' is not a regular file"), std::string::npos) << err;
}

// A FIFO is checked without opening it for a reader that never comes: an error at once, no hang.
TEST_F(ModuleKeys, FifoIsNoModuleAndNoHang) {
  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0600), 0);
  Config config;
  std::string err;
  EXPECT_FALSE(read("modules = [{ path = \"pipe\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:21: module 'pipe' is not a regular file (a FIFO)"), std::string::npos) << err;
}

TEST_F(ModuleKeys, EntryWithoutPathIsAnErrorAtTheEntry) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("modules = [{ cmdline = \"x\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:12: a module needs a path"), std::string::npos) << err;
}

TEST_F(ModuleKeys, UnknownKeyInAnEntrySuggestsTheRightOne) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("modules = [{ pth = \"font.psf\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:14: unknown key 'pth' in a module of [bootloader] modules; did you mean "
                     "'path'?"),
            std::string::npos)
      << err;
}

TEST_F(ModuleKeys, WrongShapesAreErrors) {
  Config config;
  std::string err;
  EXPECT_FALSE(read("modules = \"font.psf\"\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:11: 'modules' must be an array of tables"), std::string::npos) << err;
  EXPECT_FALSE(read("modules = [\"font.psf\"]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:12: each of 'modules' must be a table"), std::string::npos) << err;
  EXPECT_FALSE(read("modules = [{ path = 3 }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:21: 'path' must be a string"), std::string::npos) << err;
}

TEST_F(ModuleKeys, LimitsOfTheModuleTableAreChecked) {
  Config config;
  std::string err;
  std::string long_cmdline(176, 'c');
  EXPECT_FALSE(read("modules = [{ path = \"font.psf\", cmdline = \"" + long_cmdline + "\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:43: a module's cmdline is 176 bytes, at most 175"), std::string::npos) << err;
  std::string many = "modules = [";
  for (int i = 0; i < 17; ++i) many += "{ path = \"font.psf\" },";
  EXPECT_FALSE(read(many + "]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:11: 17 modules, at most 16"), std::string::npos) << err;
  std::string name(64, 'n');
  std::ofstream(dir_ / name) << "x";
  EXPECT_FALSE(read("modules = [{ path = \"" + name + "\" }]\n", &config, &err));
  EXPECT_NE(err.find("kernel.toml:4:21: module '" + name + "': its file name must be 1 to 63 bytes long"),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace kbuild
