// Every kind of bad kernel.toml ends `kbuild build` with one error line that points into the file.
#include "cli_harness.h"

namespace kbuild::test {
namespace {

struct BadManifest {
  const char* name;
  const char* toml;
  const char* place;   // "kernel.toml:LINE:COL:"
  const char* words;   // what the message must say
};

class ConfigErrorTest : public CliTest, public ::testing::WithParamInterface<BadManifest> {};

TEST_P(ConfigErrorTest, OneLineWithFileLineAndColumn) {
  const BadManifest& c = GetParam();
  write("p/src/main.cpp", "extern \"C\" void kernel_main(const struct kbuild_boot_info*) {}\n");
  write("p/kernel.toml", c.toml);
  CliRun r = kbuild({"build"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_EQ(count_lines_containing(r.err, "error:"), 1u) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, ""), 1u) << "more than one line:\n" << r.err;
  EXPECT_NE(r.err.find(std::string("error: ") + c.place), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(c.words), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "p/build/dev")) << "nothing is built from a bad manifest";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigErrorTest,
    ::testing::Values(
        BadManifest{"syntax", "[kernel]\nname = \"p\"\nsources = [\"src/*.cpp\"\n", "kernel.toml:3:", ""},
        BadManifest{"unknown_key", "[kernel]\nname = \"p\"\nsoruces = [\"src/*.cpp\"]\n",
                    "kernel.toml:3:1:", "did you mean 'sources'?"},
        BadManifest{"wrong_type", "[kernel]\nname = \"p\"\nsources = 5\n", "kernel.toml:3:11:",
                    "sources"},
        BadManifest{"glob_matches_nothing", "[kernel]\nname = \"p\"\nsources = [\"lib/*.cpp\"]\n",
                    "kernel.toml:3:12:", "lib/*.cpp"},
        BadManifest{"missing_linker_script",
                    "[kernel]\nname = \"p\"\nlinker-script = \"nope.ld\"\n", "kernel.toml:3:17:",
                    "nope.ld"},
        BadManifest{"unknown_arch", "[kernel]\nname = \"p\"\n[target]\narch = \"mips64\"\n",
                    "kernel.toml:4:8:", "mips64"},
        BadManifest{"bad_name", "[kernel]\nname = \"9 lives\"\n", "kernel.toml:2:8:", "9 lives"}),
    [](const ::testing::TestParamInfo<BadManifest>& info) { return std::string(info.param.name); });

TEST_F(CliTest, NoManifestSaysHowToStart) {
  CliRun r = kbuild({"build"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("kernel.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kbuild new"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kbuild::test
