#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "build/build_state.h"
#include "build/hash.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

class BuildStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scratch_.path();
  }
  test::ScratchDir scratch_;
  fs::path dir_;
};

TEST_F(BuildStateTest, RoundTrip) {
  BuildState state;
  state.files["/p/a.cpp"] = {{true, 1000, 12}, 0xabc};
  state.files["/p/with space.h"] = {{true, 2000, 7}, 0xdef};
  state.files["/p/a.o"] = {{true, 3000, 99}, 0x123};
  state.outputs["/p/a.o"] = {0x55, {{state.paths.intern("/p/a.cpp"), 0xabc}, {state.paths.intern("/p/with space.h"), 0xdef}}};
  state.files["/p/orphan.h"] = {{true, 1, 1}, 1};  // nothing refers to it: dropped
  state.compile_db_hash = 0x77;
  state.compile_db_stat = {true, 5000, 280000};
  std::string err;
  ASSERT_TRUE(save_build_state(dir_ / "state", state, &err)) << err;

  BuildState loaded;
  std::string why;
  load_build_state(dir_ / "state", &loaded, &why);
  EXPECT_EQ(why, "");
  ASSERT_EQ(loaded.outputs.size(), 1u);
  const OutputRecord& record = loaded.outputs["/p/a.o"];
  EXPECT_EQ(record.command_hash, 0x55u);
  ASSERT_EQ(record.inputs.size(), 2u);
  EXPECT_EQ(loaded.paths[record.inputs[1].first], "/p/with space.h");
  EXPECT_EQ(record.inputs[1].second, 0xdefu);
  EXPECT_EQ(loaded.files.count("/p/orphan.h"), 0u);
  EXPECT_EQ(loaded.files["/p/a.cpp"].hash, 0xabcu);
  EXPECT_EQ(loaded.files["/p/a.cpp"].stat.size, 12);
  EXPECT_EQ(loaded.files["/p/a.cpp"].stat.mtime_ns, 1000);
  EXPECT_EQ(loaded.compile_db_hash, 0x77u);
  EXPECT_EQ(loaded.compile_db_stat, state.compile_db_stat);
}

TEST_F(BuildStateTest, MissingFileIsAnEmptyState) {
  BuildState state;
  std::string why;
  load_build_state(dir_ / "none", &state, &why);
  EXPECT_EQ(why, "");
  EXPECT_TRUE(state.outputs.empty());
}

TEST_F(BuildStateTest, CorruptOrOldFilesAreEmptyStates) {
  const char* bad[] = {"garbage\n", "kbuild-state 0\n", "kbuild-state 2\nF 1 2 zz /a\n",
                       "kbuild-state 2\nO 5 7\n", "kbuild-state 2\nF 1 2 3 /a\nO 5 0 0:",
                       "kbuild-state 2\nF 1 2 3 /a\nO 5 0 9:1\n", "\0\0\0",
                       // a whole state from before XXH3: its hashes mean nothing now
                       "kbuild-state 1\nF 1 2 3 /a\nO 5 0 0:3\n"};
  for (const char* text : bad) {
    { std::ofstream(dir_ / "state") << text; }
    BuildState state;
    std::string why;
    load_build_state(dir_ / "state", &state, &why);
    EXPECT_NE(why, "") << text;
    EXPECT_TRUE(state.outputs.empty()) << text;
    EXPECT_TRUE(state.files.empty()) << text;
  }
}

TEST_F(BuildStateTest, EntriesAsNewAsTheStateAreNotTrusted) {
  // A file changed in the same clock tick as the state was written keeps its stat: such an
  // entry must make the build re-hash the file.
  BuildState state;
  state.files["/p/a.o"] = {{true, int64_t(1) << 62, 1}, 1};
  state.outputs["/p/a.o"] = {1, {}};
  std::string err, why;
  ASSERT_TRUE(save_build_state(dir_ / "state", state, &err)) << err;
  BuildState loaded;
  load_build_state(dir_ / "state", &loaded, &why);
  EXPECT_NE(loaded.files["/p/a.o"].stat, state.files["/p/a.o"].stat);
}

// The build's hash is XXH3-64 (seed 0): the empty input's published value.
TEST(BuildHash, IsXxh3) {
  EXPECT_EQ(hash_bytes(""), 0x2D06800538D394C2ull);
  EXPECT_NE(hash_argv({"a b"}), hash_argv({"a", "b"}));
  EXPECT_NE(hash_argv({}), hash_argv({""}));
}

TEST(BuildHash, FileHashEqualsBytesHashAndSeesEdits) {
  test::ScratchDir scratch;
  fs::path path = scratch.path() / "file";
  std::string content(200000, 'x');
  content[123456] = 'y';
  { std::ofstream(path, std::ios::binary) << content; }
  uint64_t h = 0;
  std::string err;
  ASSERT_TRUE(hash_file(path, &h, &err)) << err;
  EXPECT_EQ(h, hash_bytes(content));
  content[123456] = 'z';
  EXPECT_NE(h, hash_bytes(content));
  EXPECT_NE(hash_bytes("a"), hash_bytes(std::string("a\0", 2)));
  EXPECT_NE(hash_argv({"a b"}), hash_argv({"a", "b"}));
  fs::remove(path);
  EXPECT_FALSE(hash_file(path, &h, &err));
}

}  // namespace
}  // namespace kbuild
