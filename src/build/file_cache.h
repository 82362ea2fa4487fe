// The current content hash of files, one stat per file per build: when the stat equals the one
// recorded in the build state, the recorded hash is used; otherwise the file is read and hashed
// and the record updated. So `touch` costs one re-read and rebuilds nothing.
#pragma once

#include <string_view>
#include <vector>

#include "build/build_state.h"

namespace kbuild {

class FileCache {
 public:
  explicit FileCache(BuildState* state) : state_(state) {}

  // False when the file does not exist or cannot be read.
  bool hash(PathId id, uint64_t* out);
  bool hash(std::string_view path, uint64_t* out) { return hash(state_->paths.intern(path), out); }
  bool exists(std::string_view path);
  // Forget what is known about `path` (after a command wrote it).
  void invalidate(std::string_view path);

 private:
  struct Entry {
    bool statted = false;
    FileStat stat;
    bool hashed = false;
    bool readable = false;
    uint64_t hash = 0;
  };
  Entry& entry(PathId id);
  BuildState* state_;
  std::vector<Entry> seen_;  // by PathId
};

}  // namespace kbuild
