// What a build directory holds after another build ran at the same time or a kbuild was killed:
// cut depfiles, stale temporaries, planted symlinks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <fstream>
#include <map>
#include <sstream>

#include "build/build.h"
#include "build/build_state.h"
#include "build/depfile.h"
#include "core/fs.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void put(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string arg_after(const std::vector<std::string>& argv, const std::string& flag) {
  for (size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == flag) return argv[i + 1];
  return "";
}

// "Compiles" by writing the object and the depfile the test scripts for each source.
class ScriptedRunner : public ToolHost {
 public:
  std::map<std::string, std::string> depfiles;  // source -> depfile text ("{obj}" for the object)
  std::vector<std::string> compiled;

  bool check_program(const std::string&, std::string*) override { return true; }
  int start(const ProcessSpec& spec, std::string*) override {
    pending_.push_back({next_, spec});
    return next_++;
  }
  int wait_one(ProcessResult* result) override {
    if (pending_.empty()) return -1;
    auto [id, spec] = pending_.front();
    pending_.pop_front();
    *result = ProcessResult();
    result->started = true;
    result->exit_code = 0;
    const fs::path& cwd = *spec.cwd;
    std::string output = arg_after(spec.argv, "-o"), source = arg_after(spec.argv, "-c");
    put(cwd / output, "OBJ " + source);
    if (!source.empty()) {
      compiled.push_back(source);
      std::string text = depfiles.count(source) ? depfiles[source] : "{obj}: " + source + "\n";
      for (size_t at = text.find("{obj}"); at != std::string::npos; at = text.find("{obj}"))
        text.replace(at, 5, output);
      put(cwd / arg_after(spec.argv, "-MF"), text);
    }
    return id;
  }
  void kill_all() override { pending_.clear(); }

 private:
  std::deque<std::pair<int, ProcessSpec>> pending_;
  int next_ = 0;
};

class InterruptedBuild : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("kbuild_interrupted_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "k";
    put(base_ / "data/runtime/sources.list", "");
    put(base_ / "data/runtime/arch/x86_64/kernel.ld", "SECTIONS {}\n");
    put(root_ / "src/main.cpp", "int main_;\n");
    put(root_ / "src/util.h", "#pragma once\n");
    config_.root = root_;
    config_.manifest_path = root_ / "kernel.toml";
    config_.name.value = "k";
    config_.profiles["dev"] = Profile{"dev", "0", true, {}, {}, {}};
  }
  void TearDown() override { fs::remove_all(base_); }

  bool build() {
    host_.compiled.clear();
    Context ctx;
    ctx.ui = &ui_;
    ctx.data_dir = base_ / "data";
    ctx.jobs = 1;
    BuildRequest req;
    req.config = &config_;
    BuildInputs inputs;
    inputs.sources = {"src/main.cpp"};
    inputs.host = &host_;
    BuildResult result;
    std::string err;
    bool ok = build_kernel_with(ctx, req, inputs, &result, &err);
    EXPECT_TRUE(ok) << err;
    return ok;
  }

  Ui ui_{Verbosity::quiet, false};
  ScriptedRunner host_;
  fs::path base_, root_;
  Config config_;
};

TEST_F(InterruptedBuild, AnEmptyOrCutDepfileIsNotTakenAsDependingOnNothing) {
  for (const char* bad : {"", "{obj}: src/main.cpp \\\n", "{obj}: src/main.cpp src/ut",
                          "other.o: src/main.cpp src/util.h\n"}) {
    SCOPED_TRACE(bad);
    host_.depfiles["src/main.cpp"] = bad;
    ASSERT_TRUE(build());
    EXPECT_EQ(host_.compiled, std::vector<std::string>{"src/main.cpp"});
    host_.depfiles["src/main.cpp"] = "{obj}: src/main.cpp src/util.h\n";
    ASSERT_TRUE(build());  // not recorded: compiled again, now with its whole depfile
    EXPECT_EQ(host_.compiled, std::vector<std::string>{"src/main.cpp"});
    ASSERT_TRUE(build());
    EXPECT_TRUE(host_.compiled.empty());
    put(root_ / "src/util.h", std::string("#pragma once\n// edited after ") + bad + "\n");  // counts
    ASSERT_TRUE(build());
    EXPECT_EQ(host_.compiled, std::vector<std::string>{"src/main.cpp"});
    put(root_ / "src/main.cpp", std::string("int main_; // ") + bad + "\n");  // start over dirty
  }
}

TEST_F(InterruptedBuild, StaleTemporariesOfDeadProcessesAreRemovedAndLiveOnesKept) {
  fs::path dev = root_ / "build/dev";
  std::string live = "." + std::string(kStateFileName) + ".tmp." + std::to_string(::getpid()) + ".7";
  put(dev / ".k.img.tmp.2147483646.0", "half an image");
  put(dev / "tests/.basic.img.tmp.2147483646.3", "half a test image");
  put(root_ / "build/.compile_commands.json.tmp.2147483646.1", "[");
  put(dev / live, "a live kbuild is writing this");
  put(dev / ".notes.tmp.txt", "not ours");
  ASSERT_TRUE(build());
  EXPECT_FALSE(fs::exists(dev / ".k.img.tmp.2147483646.0"));
  EXPECT_FALSE(fs::exists(dev / "tests/.basic.img.tmp.2147483646.3"));
  EXPECT_FALSE(fs::exists(root_ / "build/.compile_commands.json.tmp.2147483646.1"));
  EXPECT_TRUE(fs::exists(dev / live));
  EXPECT_TRUE(fs::exists(dev / ".notes.tmp.txt"));
}

TEST_F(InterruptedBuild, TheBuildStateIsNeverWrittenThroughAPlantedSymlink) {
  fs::path dev = root_ / "build/dev";
  fs::create_directories(dev);
  put(base_ / "victim", "precious");
  // Where the state's temporary went before (".kbuild-state.tmp.<pid>"), and every name
  // create_temp_beside could pick next in this process.
  fs::create_symlink(base_ / "victim", dev / (std::string(kStateFileName) + ".tmp." + std::to_string(::getpid())));
  for (int n = 0; n < 4096; ++n)
    fs::create_symlink(base_ / "victim", dev / ("." + std::string(kStateFileName) + ".tmp." +
                                               std::to_string(::getpid()) + "." + std::to_string(n)));
  ASSERT_TRUE(build());
  EXPECT_EQ(slurp(base_ / "victim"), "precious");
  EXPECT_FALSE(fs::is_symlink(dev / kStateFileName));
  EXPECT_NE(slurp(dev / kStateFileName).find("kbuild-state"), std::string::npos);
}

TEST(Depfile, WholeMeansEndingInANewlineThatEndsTheRule) {
  EXPECT_TRUE(depfile_is_whole("a.o: a.c\n"));
  EXPECT_TRUE(depfile_is_whole("a.o: a.c \\\n  b.h\r\n"));
  EXPECT_FALSE(depfile_is_whole(""));
  EXPECT_FALSE(depfile_is_whole("a.o: a.c"));
  EXPECT_FALSE(depfile_is_whole("a.o: a.c \\\n"));
  Depfile deps;
  deps.targets = {"build/dev/obj/a.c.o"};
  EXPECT_TRUE(depfile_has_target(deps, "/p", "/p/build/dev/obj/a.c.o"));
  EXPECT_FALSE(depfile_has_target(deps, "/p", "/p/build/dev/obj/b.c.o"));
}

}  // namespace
}  // namespace kbuild
