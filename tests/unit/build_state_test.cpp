#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

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

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Inputs by name, for comparing states across loads.
std::vector<std::pair<std::string, uint64_t>> named_inputs(const BuildState& state,
                                                           const std::string& output) {
  std::vector<std::pair<std::string, uint64_t>> out;
  const OutputRecord* record = state.output(output);
  if (!record) return out;
  for (const auto& [id, hash] : record->inputs) out.emplace_back(std::string(state.paths[id]), hash);
  return out;
}

TEST_F(BuildStateTest, RoundTrip) {
  BuildState state;
  state.set_file("/p/a.cpp", {true, 1000, 12}, 0xabc);
  state.set_file("/p/with space.h", {true, 2000, 7}, 0xdef);
  state.set_file("/p/a.o", {true, 3000, 99}, 0x123);
  state.set_output("/p/a.o", 0x55, {{state.paths.intern("/p/a.cpp"), 0xabc}, {state.paths.intern("/p/with space.h"), 0xdef}});
  state.set_file("/p/orphan.h", {true, 1, 1}, 1);  // nothing refers to it: dropped
  state.compile_db_hash = 0x77;
  state.compile_db_stat = {true, 5000, 280000};
  std::string err;
  ASSERT_TRUE(save_build_state(dir_ / "state", state, &err)) << err;

  BuildState loaded;
  std::string why;
  load_build_state(dir_ / "state", &loaded, &why);
  EXPECT_EQ(why, "");
  ASSERT_EQ(loaded.outputs.size(), 1u);
  const OutputRecord* record = loaded.output("/p/a.o");
  ASSERT_NE(record, nullptr);
  EXPECT_EQ(record->command_hash, 0x55u);
  ASSERT_EQ(record->inputs.size(), 2u);
  EXPECT_EQ(loaded.paths[record->inputs[1].first], "/p/with space.h");
  EXPECT_EQ(record->inputs[1].second, 0xdefu);
  EXPECT_EQ(loaded.file("/p/orphan.h"), nullptr);
  PathId ignored;
  EXPECT_FALSE(loaded.paths.find("/p/orphan.h", &ignored));
  ASSERT_NE(loaded.file("/p/a.cpp"), nullptr);
  EXPECT_EQ(loaded.file("/p/a.cpp")->hash, 0xabcu);
  EXPECT_EQ(loaded.file("/p/a.cpp")->stat.size, 12);
  EXPECT_EQ(loaded.file("/p/a.cpp")->stat.mtime_ns, 1000);
  EXPECT_EQ(loaded.compile_db_hash, 0x77u);
  EXPECT_EQ(loaded.compile_db_stat, state.compile_db_stat);
  EXPECT_FALSE(loaded.changed);
}

TEST_F(BuildStateTest, PathsWithBackslashesAndNewlinesRoundTrip) {
  BuildState state;
  const std::string odd = "/p/a\\b\nc.h", out = "/p/o\\.o";
  state.set_file(odd, {true, 1, 2}, 3);
  state.set_output(out, 9, {{state.paths.intern(odd), 3}});
  std::string err, why;
  ASSERT_TRUE(save_build_state(dir_ / "state", state, &err)) << err;
  BuildState loaded;
  load_build_state(dir_ / "state", &loaded, &why);
  EXPECT_EQ(why, "");
  EXPECT_EQ(named_inputs(loaded, out), (std::vector<std::pair<std::string, uint64_t>>{{odd, 3}}));
  ASSERT_NE(loaded.file(odd), nullptr);
  EXPECT_EQ(loaded.file(odd)->hash, 3u);
}

// A state with `outputs` objects, each built from its source and the same `headers` headers.
BuildState big_state(int outputs, int headers) {
  BuildState state;
  for (int h = 0; h < headers; ++h) state.set_file("/p/include/h" + std::to_string(h) + ".h", {true, 10, 1}, h);
  for (int o = 0; o < outputs; ++o) {
    std::string source = "/p/src/m" + std::to_string(o) + ".cpp";
    state.set_file(source, {true, 20, 2}, 1000 + o);
    state.set_file(source + ".o", {true, 30, 3}, 2000 + o);
    std::vector<std::pair<PathId, uint64_t>> inputs{{state.paths.intern(source), 1000 + o}};
    for (int h = 0; h < headers; ++h) inputs.emplace_back(state.paths.intern("/p/include/h" + std::to_string(h) + ".h"), h);
    state.set_output(source + ".o", 0x100 + o, std::move(inputs));
  }
  return state;
}

TEST_F(BuildStateTest, AnUnchangedStateIsWrittenBackAsItWasRead) {
  std::string err, why;
  ASSERT_TRUE(save_build_state(dir_ / "state", big_state(50, 40), &err)) << err;
  std::string before = read_all(dir_ / "state");
  BuildState loaded;
  load_build_state(dir_ / "state", &loaded, &why);
  ASSERT_EQ(why, "");
  ASSERT_TRUE(save_build_state(dir_ / "again", loaded, &err)) << err;
  std::string after = read_all(dir_ / "again");
  // The same records (the order of the output lines is the map's).
  auto sorted_lines = [](const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(sorted_lines(after), sorted_lines(before));
  EXPECT_EQ(after.size(), before.size());
}

TEST_F(BuildStateTest, AChangedInputAndANewOutputAreSavedBesideTheUnchangedRecords) {
  std::string err, why;
  ASSERT_TRUE(save_build_state(dir_ / "state", big_state(20, 10), &err)) << err;
  BuildState state;
  load_build_state(dir_ / "state", &state, &why);
  ASSERT_EQ(why, "");
  state.set_file("/p/include/h3.h", {true, 11, 5}, 0x333);
  std::vector<std::pair<PathId, uint64_t>> inputs{{state.paths.intern("/p/src/m7.cpp"), 0x777},
                                                  {state.paths.intern("/p/include/h3.h"), 0x333},
                                                  {state.paths.intern("/p/include/new.h"), 0x444}};
  state.set_output("/p/src/m7.cpp.o", 0xaaa, inputs);
  state.set_output("/p/kernel.elf", 0xbbb, {{state.paths.intern("/p/src/m7.cpp.o"), 2007}});
  EXPECT_TRUE(state.changed);
  ASSERT_TRUE(save_build_state(dir_ / "state", state, &err)) << err;

  BuildState loaded;
  load_build_state(dir_ / "state", &loaded, &why);
  ASSERT_EQ(why, "");
  EXPECT_EQ(loaded.outputs.size(), 21u);
  EXPECT_EQ(loaded.output("/p/src/m7.cpp.o")->command_hash, 0xaaau);
  EXPECT_EQ(named_inputs(loaded, "/p/src/m7.cpp.o"),
            (std::vector<std::pair<std::string, uint64_t>>{
                {"/p/src/m7.cpp", 0x777}, {"/p/include/h3.h", 0x333}, {"/p/include/new.h", 0x444}}));
  EXPECT_EQ(named_inputs(loaded, "/p/kernel.elf"),
            (std::vector<std::pair<std::string, uint64_t>>{{"/p/src/m7.cpp.o", 2007}}));
  EXPECT_EQ(loaded.file("/p/include/h3.h")->hash, 0x333u);
  EXPECT_EQ(loaded.file("/p/include/h3.h")->stat.size, 5);
  ASSERT_NE(loaded.file("/p/include/new.h"), nullptr);  // an input never stat'ed: re-hashed next time
  EXPECT_EQ(loaded.file("/p/include/new.h")->stat.mtime_ns, -1);
  EXPECT_EQ(named_inputs(loaded, "/p/src/m8.cpp.o").size(), 11u);
  EXPECT_EQ(named_inputs(loaded, "/p/src/m8.cpp.o")[4], (std::pair<std::string, uint64_t>{"/p/include/h3.h", 3}));
  EXPECT_EQ(loaded.output("/p/src/m8.cpp.o")->command_hash, 0x108u);
}

TEST_F(BuildStateTest, FilesNoOutputNeedsAnyMoreAreDroppedAndTheRestRenumbered) {
  std::string err, why;
  BuildState first = big_state(5, 3);
  // m0 alone includes this header: it goes when m0's record goes.
  first.set_file("/p/include/only_m0.h", {true, 1, 1}, 0x99);
  std::vector<std::pair<PathId, uint64_t>> m0 = first.output("/p/src/m0.cpp.o")->inputs;
  m0.emplace_back(first.paths.intern("/p/include/only_m0.h"), 0x99);
  first.set_output("/p/src/m0.cpp.o", 0x100, m0);
  ASSERT_TRUE(save_build_state(dir_ / "state", first, &err)) << err;
  BuildState state;
  load_build_state(dir_ / "state", &state, &why);
  ASSERT_EQ(why, "");
  EXPECT_TRUE(state.erase_output("/p/src/m0.cpp.o"));
  EXPECT_FALSE(state.erase_output("/p/src/m0.cpp.o"));
  ASSERT_TRUE(save_build_state(dir_ / "state", state, &err)) << err;

  BuildState loaded;
  load_build_state(dir_ / "state", &loaded, &why);
  ASSERT_EQ(why, "");
  EXPECT_EQ(loaded.output("/p/src/m0.cpp.o"), nullptr);
  EXPECT_EQ(loaded.file("/p/include/only_m0.h"), nullptr);
  EXPECT_EQ(loaded.file("/p/src/m0.cpp"), nullptr);
  for (int o = 1; o < 5; ++o) {
    std::string object = "/p/src/m" + std::to_string(o) + ".cpp.o";
    EXPECT_EQ(named_inputs(loaded, object), named_inputs(first, object)) << object;
    EXPECT_EQ(loaded.file(object)->hash, uint64_t(2000 + o));
  }
}

TEST_F(BuildStateTest, MissingFileIsAnEmptyState) {
  BuildState state;
  std::string why;
  load_build_state(dir_ / "none", &state, &why);
  EXPECT_EQ(why, "");
  EXPECT_TRUE(state.outputs.empty());
}

TEST_F(BuildStateTest, CorruptOrOldFilesAreEmptyStates) {
  const std::string bad[] = {"garbage\n", "kbuild-state 0\n", "kbuild-state 3\nF 1 2 zz /a\n",
                       "kbuild-state 3\nO 5 7\n", "kbuild-state 3\nF 1 2 3 /a\nO 5 0 0:",
                       "kbuild-state 3\nF 1 2 3 /a\nO 5 0 9:1\n", std::string("\0\0\0", 3),
                       // a path named twice, an output recorded twice
                       "kbuild-state 3\nF 1 2 3 /a\nF 1 2 3 /a\nO 5 0 1:3\n",
                       "kbuild-state 3\nF 1 2 3 /a\\\\\nF 1 2 3 /a\\\nO 5 0 1:3\n",
                       "kbuild-state 3\nF 1 2 3 /a\nO 5 0 0:3\nO 6 0 0:3\n",
                       // a whole state from before XXH3: its hashes mean nothing now
                       "kbuild-state 1\nF 1 2 3 /a\nO 5 0 0:3\n",
                       // the previous format, whose lines this one shares: rebuilt, not read
                       "kbuild-state 2\nF 1 2 3 /a\nO 5 0 0:3\n"};
  for (const std::string& text : bad) {
    { std::ofstream(dir_ / "state", std::ios::binary) << text; }
    BuildState state;
    std::string why;
    load_build_state(dir_ / "state", &state, &why);
    EXPECT_NE(why, "") << text;
    EXPECT_TRUE(state.outputs.empty()) << text;
    EXPECT_TRUE(state.files.empty()) << text;
    EXPECT_EQ(state.paths.size(), 0u) << text;
  }
}

TEST_F(BuildStateTest, EntriesAsNewAsTheStateAreNotTrusted) {
  // A file changed in the same clock tick as the state was written keeps its stat: such an
  // entry must make the build re-hash the file.
  BuildState state;
  state.set_file("/p/a.o", {true, int64_t(1) << 62, 1}, 1);
  state.set_output("/p/a.o", 1, {});
  std::string err, why;
  ASSERT_TRUE(save_build_state(dir_ / "state", state, &err)) << err;
  BuildState loaded;
  load_build_state(dir_ / "state", &loaded, &why);
  ASSERT_NE(loaded.file("/p/a.o"), nullptr);
  EXPECT_NE(loaded.file("/p/a.o")->stat, state.file("/p/a.o")->stat);
  // Saved again by a build that did not look at the file, the distrust stays: the next load,
  // now older than the state, must not trust the stat either.
  loaded.set_output("/p/b.o", 2, {});
  ASSERT_TRUE(save_build_state(dir_ / "state", loaded, &err)) << err;
  BuildState again;
  load_build_state(dir_ / "state", &again, &why);
  ASSERT_NE(again.file("/p/a.o"), nullptr);
  EXPECT_NE(again.file("/p/a.o")->stat, state.file("/p/a.o")->stat);
}

TEST(PathTable, InternsOnceFindsAndSurvivesAMove) {
  PathTable table;
  std::vector<PathId> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back(table.intern("/p/f" + std::to_string(i)));
  EXPECT_EQ(table.size(), 5000u);
  EXPECT_EQ(table.intern("/p/f1234"), ids[1234]);
  PathTable moved = std::move(table);
  for (int i = 0; i < 5000; i += 7) {
    PathId id = 0;
    ASSERT_TRUE(moved.find("/p/f" + std::to_string(i), &id)) << i;
    EXPECT_EQ(id, ids[i]);
    EXPECT_EQ(moved[id], "/p/f" + std::to_string(i));
  }
  PathId none;
  EXPECT_FALSE(moved.find("/p/f5000", &none));
  EXPECT_FALSE(moved.find("", &none));
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
