#include "build/file_cache.h"

#include <string>

namespace kbuild {

FileCache::Entry& FileCache::entry(PathId id) {
  if (seen_.size() <= id) seen_.resize(state_->paths.size());
  Entry& e = seen_[id];
  if (!e.statted) {
    e.statted = true;
    e.stat = stat_file(std::string(state_->paths[id]));
  }
  return e;
}

bool FileCache::exists(std::string_view path) { return entry(state_->paths.intern(path)).stat.exists; }

void FileCache::invalidate(std::string_view path) {
  PathId id;
  if (state_->paths.find(path, &id) && id < seen_.size()) seen_[id] = Entry();
}

bool FileCache::hash(PathId id, uint64_t* out) {
  Entry& e = entry(id);
  if (!e.stat.exists) return false;
  if (!e.hashed) {
    e.hashed = true;
    const FileRecord* record = state_->file(id);
    if (record && record->stat == e.stat) {
      e.hash = record->hash;
      e.readable = true;
    } else {
      std::string path(state_->paths[id]);
      std::string ignored;  // unreadable counts as changed; the compiler will say why
      e.readable = hash_file(path, &e.hash, &ignored);
      if (e.readable) state_->set_file(id, e.stat, e.hash);
    }
  }
  *out = e.hash;
  return e.readable;
}

}  // namespace kbuild
