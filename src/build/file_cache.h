// The current content hash of files, one stat per file per build: when the stat equals the one
// recorded in the build state, the recorded hash is used; otherwise the file is read and hashed
// and the record updated. So `touch` costs one re-read and rebuilds nothing.
#pragma once

#include <string>
#include <unordered_map>

#include "build/build_state.h"

namespace kbuild {

class FileCache {
 public:
  explicit FileCache(BuildState* state) : state_(state) {}

  // False when the file does not exist or cannot be read.
  bool hash(const std::string& path, uint64_t* out);
  bool exists(const std::string& path);
  // Forget what is known about `path` (after a command wrote it).
  void invalidate(const std::string& path) { seen_.erase(path); }

 private:
  struct Entry {
    FileStat stat;
    bool hashed = false;
    bool readable = false;
    uint64_t hash = 0;
  };
  Entry& entry(const std::string& path);
  BuildState* state_;
  std::unordered_map<std::string, Entry> seen_;
};

}  // namespace kbuild
