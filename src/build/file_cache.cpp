#include "build/file_cache.h"

namespace kbuild {

FileCache::Entry& FileCache::entry(const std::string& path) {
  auto [it, inserted] = seen_.try_emplace(path);
  if (inserted) it->second.stat = stat_file(path);
  return it->second;
}

bool FileCache::exists(const std::string& path) { return entry(path).stat.exists; }

bool FileCache::hash(const std::string& path, uint64_t* out) {
  Entry& e = entry(path);
  if (!e.stat.exists) return false;
  if (!e.hashed) {
    e.hashed = true;
    auto record = state_->files.find(path);
    if (record != state_->files.end() && record->second.stat == e.stat) {
      e.hash = record->second.hash;
      e.readable = true;
    } else {
      std::string ignored;  // unreadable counts as changed; the compiler will say why
      e.readable = hash_file(path, &e.hash, &ignored);
      if (e.readable) {
        state_->files[path] = FileRecord{e.stat, e.hash};
        state_->changed = true;
      }
    }
  }
  *out = e.hash;
  return e.readable;
}

}  // namespace kbuild
