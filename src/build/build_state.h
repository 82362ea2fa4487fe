// What the previous builds of one build directory learned, kept in <build dir>/.kbuild-state:
// for every file seen, its stat and content hash (so an unchanged stat spares a re-read), and for
// every output, the command that made it and the hash of each input it had (from the depfile).
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "build/hash.h"

namespace kbuild {

struct FileRecord {
  FileStat stat;
  uint64_t hash = 0;
};

// Every path the records name, stored once: records hold indices. (A big kernel's objects share
// thousands of headers; loading the state then copies each path once, not once per object.)
using PathId = uint32_t;
class PathTable {
 public:
  PathTable() = default;
  // A copy has its own strings, so it indexes them anew.
  PathTable(const PathTable& other) : paths_(other.paths_) {}
  PathTable& operator=(const PathTable& other) {
    if (this != &other) *this = PathTable(other);
    return *this;
  }
  PathTable(PathTable&&) = default;  // the strings stay where they are: the views stay valid
  PathTable& operator=(PathTable&&) = default;

  PathId intern(std::string_view path);
  // Loading: the state file numbers its paths in order, so they are appended as they come.
  PathId append(std::string path);
  const std::string& operator[](PathId id) const { return paths_[id]; }
  size_t size() const { return paths_.size(); }

 private:
  std::deque<std::string> paths_;  // a deque: growing never moves a path, so views stay valid
  std::unordered_map<std::string_view, PathId> ids_;  // filled on intern(), for paths_[0, indexed_)
  size_t indexed_ = 0;
};

struct OutputRecord {
  uint64_t command_hash = 0;
  std::vector<std::pair<PathId, uint64_t>> inputs;  // path (in BuildState::paths), content hash when built
};

struct BuildState {
  PathTable paths;
  std::unordered_map<std::string, FileRecord> files;     // by absolute path
  std::unordered_map<std::string, OutputRecord> outputs;  // by absolute path
  // compile_commands.json as last written: the hash of the commands it holds, and its stat then,
  // so an unchanged plan and an untouched file need not render it again. 0: unknown.
  uint64_t compile_db_hash = 0;
  FileStat compile_db_stat;
  bool changed = false;  // set by whoever modifies it: a no-op build writes nothing
};

inline constexpr const char* kStateFileName = ".kbuild-state";
// Tens of bytes per file; a state larger than this is not ours, and is treated as corrupt.
inline constexpr uint64_t kMaxStateBytes = uint64_t{256} << 20;

// Loads the state; a missing file gives an empty state. A corrupt or older-format file also
// gives an empty state (everything rebuilds), with the reason in *why.
void load_build_state(const std::filesystem::path& path, BuildState* out, std::string* why);
// Writes atomically. Only files that some output refers to are kept.
bool save_build_state(const std::filesystem::path& path, const BuildState& state, std::string* err);

}  // namespace kbuild
