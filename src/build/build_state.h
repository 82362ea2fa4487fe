// What the previous builds of one build directory learned, kept in <build dir>/.kbuild-state:
// for every file seen, its stat and content hash (so an unchanged stat spares a re-read), and for
// every output, the command that made it and the hash of each input it had (from the depfile).
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "build/hash.h"

namespace kbuild {

// Every path the state names, stored once: records hold indices. (A big kernel's objects share
// thousands of headers.) Paths loaded from the state file are views into its text, so loading
// copies no path; paths added later are owned here. Not copyable: the views point into it.
using PathId = uint32_t;
class PathTable {
 public:
  PathTable() = default;
  PathTable(const PathTable&) = delete;
  PathTable& operator=(const PathTable&) = delete;
  PathTable(PathTable&&) = default;  // the text and the strings stay where they are
  PathTable& operator=(PathTable&&) = default;

  PathId intern(std::string_view path);
  bool find(std::string_view path, PathId* id) const;
  std::string_view operator[](PathId id) const { return views_[id]; }
  size_t size() const { return views_.size(); }
  size_t loaded() const { return loaded_; }  // ids [0, loaded()) came from the state file

  // Loading: the table keeps the state file's text, and its paths are added in their order
  // (views into the text, or owned when unescaping changed them). False for a path already in
  // the table: a state file names each path once.
  const std::string& adopt_text(std::string text);
  bool append_loaded(std::string_view view);
  bool append_loaded(std::string owned);

 private:
  bool add(std::string_view path, bool check_duplicate);
  void grow();
  std::unique_ptr<const std::string> text_;  // a pointer: moving the table never moves the text
  std::deque<std::string> owned_;            // a deque: growing never moves a string
  std::vector<std::string_view> views_;      // by id
  std::vector<PathId> slots_;                // open addressing over views_: an id, or kNoPath
  size_t loaded_ = 0;
};

struct FileRecord {
  FileStat stat;  // stat.exists false: nothing known about this path
  uint64_t hash = 0;
  // This record's line in the loaded state file, while the record is as it was loaded: saving
  // copies it instead of rendering it again. Empty for a new or changed record.
  std::string_view line;
};

struct OutputRecord {
  uint64_t command_hash = 0;
  std::vector<std::pair<PathId, uint64_t>> inputs;  // path (in BuildState::paths), content hash when built
  std::string_view line;  // as FileRecord::line
};

struct BuildState {
  PathTable paths;
  std::vector<FileRecord> files;                    // by PathId (may be shorter than paths)
  std::unordered_map<PathId, OutputRecord> outputs;
  // compile_commands.json as last written: the hash of the commands it holds, and its stat then,
  // so an unchanged plan and an untouched file need not render it again. 0: unknown.
  uint64_t compile_db_hash = 0;
  FileStat compile_db_stat;
  bool changed = false;  // set by whoever modifies it: a no-op build writes nothing

  // By path. The setters mark the state changed.
  const FileRecord* file(PathId id) const;
  const FileRecord* file(std::string_view path) const;
  void set_file(PathId id, FileStat stat, uint64_t hash);
  void set_file(std::string_view path, FileStat stat, uint64_t hash) { set_file(paths.intern(path), stat, hash); }
  const OutputRecord* output(std::string_view path) const;
  void set_output(std::string_view path, uint64_t command_hash,
                  std::vector<std::pair<PathId, uint64_t>> inputs);
  bool erase_output(std::string_view path);
};

inline constexpr const char* kStateFileName = ".kbuild-state";
// Tens of bytes per file; a state larger than this is not ours, and is treated as corrupt.
inline constexpr uint64_t kMaxStateBytes = uint64_t{256} << 20;

// Loads the state; a missing file gives an empty state. A corrupt or older-format file also
// gives an empty state (everything rebuilds), with the reason in *why.
void load_build_state(const std::filesystem::path& path, BuildState* out, std::string* why);
// Writes atomically. Only files that some output refers to are kept. Records unchanged since
// loading are copied from the loaded text, not rendered again.
bool save_build_state(const std::filesystem::path& path, const BuildState& state, std::string* err);

}  // namespace kbuild
