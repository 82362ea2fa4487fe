// Content fingerprints for change detection: the build's one hash function is xxHash's XXH3
// (64 bits; not cryptographic: it only has to notice edits).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

uint64_t hash_bytes(std::string_view bytes, uint64_t seed = 0);
// A command line's fingerprint; arguments are separated so {"a b"} and {"a", "b"} differ.
uint64_t hash_argv(const std::vector<std::string>& argv);

// hash_argv one argument at a time, so that many commands sharing their first arguments hash
// that part once: copy the hasher after the shared part, then add each command's own.
class ArgvHasher {
 public:
  void add(std::string_view arg);
  uint64_t finish() const;  // equals hash_argv of the arguments added

 private:
  uint64_t h_ = 0;
  size_t count_ = 0;
};
// Reads and hashes a whole file. False with *err when it cannot be read.
bool hash_file(const std::filesystem::path& path, uint64_t* out, std::string* err);

// What a stat says about a file: enough to tell "surely unchanged" cheaply.
struct FileStat {
  bool exists = false;
  int64_t mtime_ns = 0;
  int64_t size = 0;
  bool operator==(const FileStat&) const = default;
};
FileStat stat_file(const std::filesystem::path& path);

}  // namespace kbuild
