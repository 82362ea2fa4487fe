#include "config/sources.h"

#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "config/config_reader.h"
#include "support/project_dir_test.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class ConfigSources : public test::ProjectDirTest {
 protected:
  Config read(const std::string& toml) {
    write("kernel.toml", toml);
    Config config;
    std::string err;
    EXPECT_TRUE(read_config("kernel.toml", &config, &err)) << err;
    return config;
  }
  std::vector<std::string> relative(const std::vector<fs::path>& paths) {
    std::vector<std::string> out;
    for (const fs::path& path : paths) out.push_back(path.lexically_relative(root_).generic_string());
    return out;
  }

};

using Strings = std::vector<std::string>;

TEST_F(ConfigSources, DefaultGlobsFindCxxCAndAssembly) {
  write("src/main.cpp");
  write("src/arch/boot.S");
  write("src/lib/string.c");
  write("src/kernel.h");
  write("build/dev/gen.cpp");
  write("tests/basic.cpp");
  Config config = read("[kernel]\nname = \"k\"\n");
  std::vector<fs::path> sources;
  std::string err;
  ASSERT_TRUE(expand_sources(config, &sources, &err)) << err;
  EXPECT_EQ(relative(sources), (Strings{"src/arch/boot.S", "src/lib/string.c", "src/main.cpp"}));
  for (const fs::path& path : sources) EXPECT_TRUE(path.is_absolute());
}

TEST_F(ConfigSources, OverlappingGlobsGiveEachFileOnce) {
  write("src/main.cpp");
  write("src/gdt.cpp");
  Config config = read("[kernel]\nname = \"k\"\nsources = [\"src/main.cpp\", \"src/*.cpp\", "
                       "\"src/**/*.cpp\"]\n");
  std::vector<fs::path> sources;
  std::string err;
  ASSERT_TRUE(expand_sources(config, &sources, &err)) << err;
  EXPECT_EQ(relative(sources), (Strings{"src/gdt.cpp", "src/main.cpp"}));
}

TEST_F(ConfigSources, WrittenGlobMatchingNothingIsAnErrorAtItsPlace) {
  write("src/main.cpp");
  Config config = read("[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\",\n  \"src/**/*.cc\"]\n");
  std::vector<fs::path> sources;
  std::string err;
  EXPECT_FALSE(expand_sources(config, &sources, &err));
  EXPECT_EQ(err, "kernel.toml:4:3: no file matches 'src/**/*.cc' (relative to " + root_.string() +
                     ")");
}

TEST_F(ConfigSources, NoSourceAtAllIsAnError) {
  write("src/readme.txt");
  Config config = read("[kernel]\nname = \"k\"\n");
  std::vector<fs::path> sources;
  std::string err;
  EXPECT_FALSE(expand_sources(config, &sources, &err));
  EXPECT_EQ(err, "kernel.toml:1:1: no source files found: nothing matches 'src/**/*.cpp', "
                 "'src/**/*.c', 'src/**/*.S' (relative to " + root_.string() +
                 "); add sources under src/ or set 'sources' in [kernel]");
}

TEST_F(ConfigSources, TestKernels) {
  write("src/main.cpp");
  write("tests/b.cpp");
  write("tests/a.cpp");
  write("tests/helpers/util.cpp");
  std::vector<fs::path> tests;
  std::string err;
  ASSERT_TRUE(expand_test_sources(read("[kernel]\nname = \"k\"\n"), &tests, &err)) << err;
  EXPECT_EQ(relative(tests), (Strings{"tests/a.cpp", "tests/b.cpp"}));
  ASSERT_TRUE(expand_test_sources(
      read("[kernel]\nname = \"k\"\n[test]\nsources = [\"tests/**/*.cpp\", \"none/*.cpp\"]\n"),
      &tests, &err))
      << err;
  EXPECT_EQ(relative(tests), (Strings{"tests/a.cpp", "tests/b.cpp", "tests/helpers/util.cpp"}));
}

TEST_F(ConfigSources, NoTestKernelsIsFine) {
  write("src/main.cpp");
  std::vector<fs::path> tests{"stale"};
  std::string err;
  ASSERT_TRUE(expand_test_sources(read("[kernel]\nname = \"k\"\n"), &tests, &err)) << err;
  EXPECT_TRUE(tests.empty());
}

}  // namespace
}  // namespace kbuild
