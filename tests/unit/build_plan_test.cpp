// The plan builds each language's flags once and hashes them once; every step must still carry
// exactly the command and the hash a whole argv would give, whatever shape its path has.
#include <gtest/gtest.h>

#include "build/hash.h"
#include "build/plan.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class BuildPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.root = "/proj";
    config_.manifest_path = "/proj/kernel.toml";
    config_.name.value = "hello";
    config_.defines = {"LOG=1"};
    config_.profiles["dev"] = Profile{"dev", "0", true, {}, {}, {}};
    in_.config = &config_;
    in_.profile = &config_.profiles["dev"];
    in_.data_dir = "/data";
    in_.color = true;
    in_.tools.launcher = {"ccache"};
  }
  const CompileStep& step(const BuildPlan& plan, const std::string& label) {
    for (const auto& c : plan.compiles)
      if (c.label == label) return c;
    ADD_FAILURE() << "no step " << label;
    return plan.compiles.front();
  }
  Config config_;
  PlanInput in_;
};

TEST_F(BuildPlanTest, StepsCarryTheWholeCommandAndItsHash) {
  in_.sources = {"src/main.cpp", "src/boot.S", "/proj/src/vga.c"};
  in_.runtime_sources = {"/data/runtime/src/start.S", "/data/runtime/src/new.cpp"};
  BuildPlan plan;
  std::string err;
  ASSERT_TRUE(plan_kernel_build(in_, &plan, &err)) << err;
  ASSERT_EQ(plan.compiles.size(), 5u);
  for (const CompileStep& c : plan.compiles) {
    std::vector<std::string> expected;
    ASSERT_TRUE(compile_argv(in_.tools, {&config_, in_.profile, in_.data_dir, true}, c.source_arg,
                             c.object_arg, c.depfile_arg, &expected, &err))
        << err;
    EXPECT_EQ(c.argv(), expected) << c.label;
    EXPECT_EQ(c.command_hash, hash_argv(output_relevant_argv(in_.tools, expected))) << c.label;
  }
  const CompileStep& vga = step(plan, "src/vga.c");
  EXPECT_EQ(vga.compiler, "clang");
  EXPECT_EQ(vga.argv().front(), "ccache");
  EXPECT_EQ(step(plan, "src/main.cpp").compiler, "clang++");
  // Same flags, different files: different commands.
  EXPECT_NE(step(plan, "runtime/start.S").command_hash, step(plan, "src/boot.S").command_hash);
}

TEST_F(BuildPlanTest, PathsOfEveryShapeGiveWhatPathOperationsGive) {
  in_.sources = {"./src/a.cpp", "src/../src/b.cpp", "src/b.cpp", "/proj/src//c.cpp",
                 "/elsewhere/x.cpp", "src/.hidden.o.cpp"};
  BuildPlan plan;
  std::string err;
  ASSERT_TRUE(plan_kernel_build(in_, &plan, &err)) << err;
  ASSERT_EQ(plan.compiles.size(), 5u);  // src/b.cpp twice: compiled once
  EXPECT_EQ(plan.compiles[0].source, "/proj/src/a.cpp");
  EXPECT_EQ(plan.compiles[0].object, "/proj/build/dev/obj/src/a.cpp.o");
  EXPECT_EQ(plan.compiles[0].depfile, "/proj/build/dev/obj/src/a.cpp.d");
  EXPECT_EQ(plan.compiles[0].source_arg, "src/a.cpp");
  EXPECT_EQ(plan.compiles[0].object_arg, "build/dev/obj/src/a.cpp.o");
  EXPECT_EQ(plan.compiles[0].depfile_arg, "build/dev/obj/src/a.cpp.d");
  EXPECT_EQ(plan.compiles[1].source, "/proj/src/b.cpp");
  EXPECT_EQ(plan.compiles[2].source, "/proj/src/c.cpp");
  EXPECT_EQ(plan.compiles[2].label, "src/c.cpp");
  const CompileStep& outside = plan.compiles[3];
  EXPECT_EQ(outside.source, "/elsewhere/x.cpp");
  EXPECT_EQ(outside.label, "/elsewhere/x.cpp");
  EXPECT_EQ(outside.source_arg, "/elsewhere/x.cpp");
  EXPECT_EQ(outside.object, "/proj/build/dev/obj/__/elsewhere/x.cpp.o");
  EXPECT_EQ(plan.compiles[4].depfile, "/proj/build/dev/obj/src/.hidden.o.cpp.d");

  // A root written with a trailing slash or a dot plans the same build.
  BuildPlan plain = plan;
  config_.root = "/proj/./";
  ASSERT_TRUE(plan_kernel_build(in_, &plan, &err)) << err;
  ASSERT_EQ(plan.compiles.size(), plain.compiles.size());
  for (size_t i = 0; i < plan.compiles.size(); ++i) {
    EXPECT_EQ(plan.compiles[i].source, plain.compiles[i].source);
    EXPECT_EQ(fs::path(plan.compiles[i].object).lexically_normal(),
              fs::path(plain.compiles[i].object));
  }
}

TEST_F(BuildPlanTest, FlagChangeChangesEveryHash) {
  in_.sources = {"src/main.cpp"};
  BuildPlan before, after;
  std::string err;
  ASSERT_TRUE(plan_kernel_build(in_, &before, &err)) << err;
  config_.defines.push_back("MORE=1");
  ASSERT_TRUE(plan_kernel_build(in_, &after, &err)) << err;
  EXPECT_NE(before.compiles[0].command_hash, after.compiles[0].command_hash);
  // Colour and launcher do not change the object.
  in_.color = false;
  in_.tools.launcher.clear();
  BuildPlan plain;
  ASSERT_TRUE(plan_kernel_build(in_, &plain, &err)) << err;
  EXPECT_EQ(plain.compiles[0].command_hash, after.compiles[0].command_hash);
}

}  // namespace
}  // namespace kbuild
