// The command line in kbuild's words: mistyped commands and options get a "did you mean", help
// shows placeholders and each command's examples, `kbuild new` creates parents and stands
// still for `.`, and a clean `kbuild clean` says so.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class CommandLine : public CliTest {};

TEST_F(CommandLine, MistypedCommandGetsADidYouMean) {
  CliRun r = kbuild({"biuld"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown command 'biuld'; did you mean 'build'?"), std::string::npos) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "error:"), 1u) << r.err;
  r = kbuild({"-v", "--color", "never", "tset"});
  EXPECT_NE(r.err.find("unknown command 'tset'; did you mean 'test'?"), std::string::npos) << r.err;
  r = kbuild({"frobnicate"});
  EXPECT_NE(r.err.find("unknown command 'frobnicate' (see"), std::string::npos) << r.err;
}

TEST_F(CommandLine, MistypedOptionGetsADidYouMean) {
  CliRun r = kbuild({"build", "--relase"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown option '--relase' for `kbuild build`; did you mean '--release'?"),
            std::string::npos)
      << r.err;
  r = kbuild({"--colr", "never", "build"});
  EXPECT_NE(r.err.find("unknown option '--colr'; did you mean '--color'?"), std::string::npos) << r.err;
  r = kbuild({});
  EXPECT_NE(r.err.find("no command given"), std::string::npos) << r.err;
}

TEST_F(CommandLine, HelpSpeaksKbuildsLanguageAndShowsExamples) {
  for (const char* command : {"new", "build", "image", "run", "test", "runner", "gdb", "doctor", "clean"}) {
    CliRun r = kbuild({command, "--help"});
    EXPECT_EQ(r.status, 0) << command;
    for (const char* leftover : {"UINT", "TEXT", "Excludes:", "REQUIRED", "Could not convert"})
      EXPECT_EQ(r.out.find(leftover), std::string::npos) << command << ": " << leftover << "\n" << r.out;
    EXPECT_NE(r.out.find("Examples:\n  kbuild " + std::string(command)), std::string::npos)
        << command << "\n" << r.out;
    EXPECT_EQ(count_lines_containing(r.out, "Example"), 1u) << command << ": one list of examples\n" << r.out;
  }
  CliRun b = kbuild({"build", "--help"});
  EXPECT_NE(b.out.find("-j,--jobs N "), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("--profile NAME "), std::string::npos) << b.out;
  // A value's placeholder is the word its description uses.
  CliRun t = kbuild({"test", "--help"});
  EXPECT_NE(t.out.find("--junit FILE "), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("--skip PATTERN "), std::string::npos) << t.out;
  EXPECT_NE(kbuild({"run", "--help"}).out.find("--screenshot FILE "), std::string::npos);
  CliRun top = kbuild({"--help"});
  EXPECT_NE(top.out.find("Usage: kbuild [OPTIONS] COMMAND"), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("--color WHEN "), std::string::npos) << top.out;
}

TEST_F(CommandLine, NewCreatesMissingParents) {
  CliRun r = kbuild({"new", "os/kernels/k1"});
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_TRUE(fs::exists(dir_ / "os/kernels/k1/kernel.toml"));
  EXPECT_NE(read("os/kernels/k1/kernel.toml").find("name = \"k1\""), std::string::npos);
  EXPECT_NE(r.all().find("cd os/kernels/k1"), std::string::npos) << r.all();
}

TEST_F(CommandLine, NewInTheCurrentDirectorySuggestsNoCd) {
  fs::create_directories(dir_ / "here");
  CliRun r = kbuild({"new", "."}, dir_ / "here");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_TRUE(fs::exists(dir_ / "here/kernel.toml"));
  EXPECT_EQ(r.all().find("cd ."), std::string::npos) << r.all();
  EXPECT_NE(r.all().find("kbuild build"), std::string::npos) << r.all();
}

TEST_F(CommandLine, CleanWithNothingToRemoveSaysSo) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  CliRun r = kbuild({"clean"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("nothing to remove: there is no build directory"), std::string::npos)
      << r.all();
  EXPECT_EQ(r.all().find("Removed"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::test

namespace kbuild::test {
namespace {

TEST_F(CommandLine, ImageStackSizeTakesKernelTomlSizes) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  CliRun built = kbuild({"build"}, dir_ / "k");
  ASSERT_EQ(built.status, 0) << built.all();
  CliRun r = kbuild({"image", "build/dev/k.elf", "-o", "k128.img", "--stack-size", "128K"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_TRUE(fs::exists(dir_ / "k/k128.img"));
  r = kbuild({"image", "build/dev/k.elf", "-o", "bad.img", "--stack-size", "12Q"}, dir_ / "k");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("--stack-size '12Q' is not a size"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "k/bad.img"));
  r = kbuild({"image", "build/dev/k.elf", "-o", "small.img", "--stack-size", "8K"}, dir_ / "k");
  EXPECT_EQ(r.status, 1) << "below the 64K minimum: " << r.all();
}

}  // namespace
}  // namespace kbuild::test
