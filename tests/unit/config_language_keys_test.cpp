// [kernel] c-standard, flags, cflags and cxxflags, and the profile flag keys, read from
// kernel.toml.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config/config_reader.h"
#include "support/project_dir_test.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

class ConfigLanguageKeys : public test::ProjectDirTest {
 protected:
  void SetUp() override {
    ProjectDirTest::SetUp();
    write("main.cpp");
  }
  bool read(const std::string& toml, Config* config, std::string* err) {
    std::ofstream("kernel.toml") << "[kernel]\nname = \"k\"\nsources = [\"main.cpp\"]\n" << toml;
    return read_config("kernel.toml", config, err);
  }
};

TEST_F(ConfigLanguageKeys, ReadsEachLanguagesFlags) {
  Config c;
  std::string err;
  ASSERT_TRUE(read("c-standard = \"c11\"\nflags = [\"-Wall\"]\ncflags = [\"-std=gnu11\"]\n"
                   "cxxflags = [\"-fno-threadsafe-statics\"]\n"
                   "[profile.dev]\nflags = [\"-DP\"]\ncflags = [\"-DPC\"]\ncxxflags = [\"-DPX\"]\n"
                   "[profile.lab]\ninherits = \"dev\"\n",
                   &c, &err))
      << err;
  EXPECT_EQ(c.c_standard, "c11");
  EXPECT_EQ(c.flags, Strings{"-Wall"});
  EXPECT_EQ(c.cflags, Strings{"-std=gnu11"});
  EXPECT_EQ(c.cxxflags, Strings{"-fno-threadsafe-statics"});
  for (const char* name : {"dev", "lab"}) {
    const Profile& p = c.profiles.at(name);
    EXPECT_EQ(p.flags, Strings{"-DP"}) << name;
    EXPECT_EQ(p.cflags, Strings{"-DPC"}) << name;
    EXPECT_EQ(p.cxxflags, Strings{"-DPX"}) << name;
  }
}

TEST_F(ConfigLanguageKeys, CStandardDefaultsToGnu17) {
  Config c;
  std::string err;
  ASSERT_TRUE(read("", &c, &err)) << err;
  EXPECT_EQ(c.c_standard, "gnu17");
}

TEST_F(ConfigLanguageKeys, UnknownCStandardNamesThePlaceAndAGuess) {
  Config c;
  std::string err;
  EXPECT_FALSE(read("c-standard = \"gnu-17\"\n", &c, &err));
  EXPECT_EQ(err,
            "kernel.toml:4:14: c-standard \"gnu-17\" is not supported (expected \"c99\", \"c11\", "
            "\"c17\", \"c2x\", \"gnu99\", \"gnu11\", \"gnu17\" or \"gnu2x\"); did you mean "
            "\"gnu17\"?");
  EXPECT_FALSE(read("c-standard = \"c23\"\n", &c, &err));
  EXPECT_NE(err.find("did you mean \"c2x\"?"), std::string::npos) << err;
  EXPECT_FALSE(read("c-standard = 17\n", &c, &err));
  EXPECT_NE(err.find("kernel.toml:4:14:"), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild
