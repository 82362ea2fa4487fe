// Per-language compile flags: [kernel] and profile `flags` reach every compile, `cflags` only C,
// `cxxflags` only C++; C gets `-std=` from c-standard (gnu17 by default).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "build/target.h"
#include "config/config.h"

namespace kbuild {
namespace {

using Strings = std::vector<std::string>;

bool has(const Strings& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

class BuildLanguageFlags : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.root = "/k";
    config_.name.value = "k";
    config_.flags = {"-DCOMMON"};
    config_.cflags = {"-std=gnu11", "-DONLY_C"};
    config_.cxxflags = {"-DONLY_CXX"};
    profile_.name = "dev";
    profile_.opt_level = "0";
    profile_.flags = {"-DPROFILE_COMMON"};
    profile_.cflags = {"-DPROFILE_C"};
    profile_.cxxflags = {"-DPROFILE_CXX"};
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

TEST_F(BuildLanguageFlags, CFlagsNeverReachCxx) {
  Strings cxx = compile("src/a.cpp");
  EXPECT_TRUE(has(cxx, "-DCOMMON") && has(cxx, "-DPROFILE_COMMON"));
  EXPECT_TRUE(has(cxx, "-DONLY_CXX") && has(cxx, "-DPROFILE_CXX"));
  EXPECT_FALSE(has(cxx, "-std=gnu11")) << "a C -std= in a C++ compile breaks it";
  EXPECT_FALSE(has(cxx, "-DONLY_C") || has(cxx, "-DPROFILE_C"));
}

TEST_F(BuildLanguageFlags, CxxFlagsNeverReachC) {
  Strings c = compile("src/b.c");
  EXPECT_TRUE(has(c, "-DCOMMON") && has(c, "-DPROFILE_COMMON"));
  EXPECT_TRUE(has(c, "-DONLY_C") && has(c, "-DPROFILE_C") && has(c, "-std=gnu11"));
  EXPECT_FALSE(has(c, "-DONLY_CXX") || has(c, "-DPROFILE_CXX"));
}

TEST_F(BuildLanguageFlags, AssemblyGetsOnlyTheCommonFlags) {
  Strings s = compile("boot.S");
  EXPECT_TRUE(has(s, "-DCOMMON") && has(s, "-DPROFILE_COMMON"));
  EXPECT_FALSE(has(s, "-DONLY_C") || has(s, "-DONLY_CXX") || has(s, "-DPROFILE_C"));
}

TEST_F(BuildLanguageFlags, CStandardDefaultsToGnu17AndFollowsTheKey) {
  config_.cflags.clear();
  EXPECT_TRUE(has(compile("src/b.c"), "-std=gnu17"));
  config_.c_standard = "c11";
  Strings c = compile("src/b.c");
  EXPECT_TRUE(has(c, "-std=c11"));
  EXPECT_FALSE(has(c, "-std=gnu17"));
  EXPECT_FALSE(has(compile("src/a.cpp"), "-std=c11"));
}

}  // namespace
}  // namespace kbuild
