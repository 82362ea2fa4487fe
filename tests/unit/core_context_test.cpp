#include <map>
#include <string>

#include <gtest/gtest.h>

#include "core/environment.h"

namespace kbuild {
namespace {

using Strings = std::vector<std::string>;

Environment from(const std::map<std::string, std::string>& vars) {
  return read_environment_from([&](const char* name) -> const char* {
    auto found = vars.find(name);
    return found == vars.end() ? nullptr : found->second.c_str();
  });
}

TEST(CoreEnvironment, UnsetIsEmpty) {
  Environment env = from({});
  EXPECT_EQ(env.cxx, "");
  EXPECT_EQ(env.data_dir, "");
  EXPECT_FALSE(env.compiler_launcher.has_value());
}

TEST(CoreEnvironment, ReadsEveryVariable) {
  Environment env = from({{"KBUILD_CXX", "clang++-16"},
                          {"KBUILD_CC", "clang-16"},
                          {"KBUILD_LD", "/opt/ld.lld"},
                          {"KBUILD_DATA_DIR", "/opt/kbuild/share"}});
  EXPECT_EQ(env.cxx, "clang++-16");
  EXPECT_EQ(env.cc, "clang-16");
  EXPECT_EQ(env.ld, "/opt/ld.lld");
  EXPECT_EQ(env.data_dir, "/opt/kbuild/share");
}

TEST(CoreEnvironment, CompilerLauncherIsSplitOnBlanksAndSetButEmptyIsNone) {
  EXPECT_EQ(from({{"KBUILD_COMPILER_LAUNCHER", "  sccache  --x\tdist "}}).compiler_launcher,
            (Strings{"sccache", "--x", "dist"}));
  std::optional<Strings> empty = from({{"KBUILD_COMPILER_LAUNCHER", ""}}).compiler_launcher;
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, Strings{});
}

}  // namespace
}  // namespace kbuild
