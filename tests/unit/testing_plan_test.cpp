// Test kernels in the build plan: each links the kernel's objects minus the entry file, plus its
// own, and shares the compiles with the kernel.
#include <gtest/gtest.h>

#include <algorithm>

#include "build/plan.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class TestPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.root = "/proj";
    config_.manifest_path = "/proj/kernel.toml";
    config_.name.value = "hello";
    config_.profiles["dev"] = Profile{"dev", "0", true, {}, {}, {}};
    in_.config = &config_;
    in_.profile = &config_.profiles["dev"];
    in_.data_dir = "/data";
    in_.sources = {"src/main.cpp", "src/vga.cpp"};
    in_.runtime_sources = {"/data/runtime/src/start.S"};
  }
  // The sources (as labels) a link step combines.
  std::vector<std::string> inputs_of(const BuildPlan& plan, const LinkStep& link) {
    std::vector<std::string> labels;
    for (size_t i : link.objects) labels.push_back(plan.compiles[i].label);
    std::sort(labels.begin(), labels.end());
    return labels;
  }
  Config config_;
  PlanInput in_;
};

TEST_F(TestPlan, NoTestSourcesGiveOnlyTheKernelLink) {
  BuildPlan plan;
  std::string err;
  ASSERT_TRUE(plan_kernel_build(in_, &plan, &err)) << err;
  ASSERT_EQ(plan.links.size(), 1u);
  EXPECT_EQ(plan.links[0].output, fs::path("/proj/build/dev/hello.elf"));
}

TEST_F(TestPlan, EachTestLinksTheKernelWithoutItsEntry) {
  in_.test_sources = {"tests/alloc.cpp", "/proj/tests/boot.cpp"};
  in_.entry = "src/main.cpp";
  BuildPlan plan;
  std::string err;
  ASSERT_TRUE(plan_kernel_build(in_, &plan, &err)) << err;
  ASSERT_EQ(plan.links.size(), 3u);
  EXPECT_EQ(inputs_of(plan, plan.links[0]),
            (std::vector<std::string>{"runtime/start.S", "src/main.cpp", "src/vga.cpp"}));
  EXPECT_EQ(plan.links[1].output, fs::path("/proj/build/dev/tests/alloc.elf"));
  EXPECT_EQ(plan.links[1].label, "build/dev/tests/alloc.elf");
  EXPECT_EQ(inputs_of(plan, plan.links[1]),
            (std::vector<std::string>{"runtime/start.S", "src/vga.cpp", "tests/alloc.cpp"}));
  EXPECT_EQ(inputs_of(plan, plan.links[2]),
            (std::vector<std::string>{"runtime/start.S", "src/vga.cpp", "tests/boot.cpp"}));
  // Shared objects are compiled once: 3 kernel/runtime sources + 2 tests.
  EXPECT_EQ(plan.compiles.size(), 5u);
  EXPECT_NE(plan.links[1].command_hash, plan.links[2].command_hash);
}

TEST_F(TestPlan, TestsMatchedByTheKernelGlobsStayOutOfOtherKernels) {
  in_.sources.push_back("tests/alloc.cpp");  // e.g. sources = ["**/*.cpp"]
  in_.test_sources = {"tests/alloc.cpp", "tests/boot.cpp"};
  in_.entry = "src/main.cpp";
  BuildPlan plan;
  std::string err;
  ASSERT_TRUE(plan_kernel_build(in_, &plan, &err)) << err;
  ASSERT_EQ(plan.links.size(), 3u);
  EXPECT_EQ(inputs_of(plan, plan.links[1]),
            (std::vector<std::string>{"runtime/start.S", "src/vga.cpp", "tests/alloc.cpp"}));
  EXPECT_EQ(inputs_of(plan, plan.links[2]),
            (std::vector<std::string>{"runtime/start.S", "src/vga.cpp", "tests/boot.cpp"}));
}

TEST_F(TestPlan, TwoTestsWithOneNameAreAnError) {
  in_.test_sources = {"tests/a/boot.cpp", "tests/b/boot.cpp"};
  BuildPlan plan;
  std::string err;
  EXPECT_FALSE(plan_kernel_build(in_, &plan, &err));
  EXPECT_NE(err.find("two test kernels are named `boot`"), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild
