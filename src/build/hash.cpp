#include "build/hash.h"
#include "core/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kbuild {

namespace {

constexpr uint64_t kMul1 = 0x9e3779b97f4a7c15ull;
constexpr uint64_t kMul2 = 0xc2b2ae3d27d4eb4full;

uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= kMul2;
  h ^= h >> 29;
  h *= kMul1;
  h ^= h >> 32;
  return h;
}

// Eight bytes per round; the tail and the length go into the last round, so inputs that differ
// only in trailing zero bytes still differ.
struct Hasher {
  uint64_t h;
  explicit Hasher(uint64_t seed) : h(seed ^ kMul1) {}
  void word(uint64_t w) {
    w *= kMul2;
    w = (w << 31) | (w >> 33);
    h = (h ^ w) * kMul1 + 0x165667b19e3779f9ull;
  }
  void bytes(const char* p, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      word(w);
    }
    uint64_t tail = 0;
    std::memcpy(&tail, p + i, n - i);
    word(tail ^ (uint64_t(n - i) << 56));
  }
  uint64_t finish(uint64_t length) { return mix(h ^ length); }
};

}  // namespace

uint64_t hash_bytes(std::string_view bytes, uint64_t seed) {
  Hasher hasher(seed);
  hasher.bytes(bytes.data(), bytes.size());
  return hasher.finish(bytes.size());
}

uint64_t ArgvHasher::finish() const { return mix(h_ ^ count_); }

uint64_t hash_argv(const std::vector<std::string>& argv) {
  ArgvHasher hasher;
  for (const std::string& arg : argv) hasher.add(arg);
  return hasher.finish();
}

bool hash_file(const std::filesystem::path& path, uint64_t* out, std::string* err) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    *err = "cannot read " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  Hasher hasher(0);
  uint64_t total = 0;
  // Whole-file buffer chunks with a multiple-of-8 size, so chunking does not change the result
  // except through the final tail round.
  static constexpr size_t kChunk = 1 << 16;
  std::string buffer(kChunk, '\0');
  size_t filled = 0;
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer.data() + filled, kChunk - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = "cannot read " + path.string() + ": " + std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    filled += size_t(n);
    total += uint64_t(n);
    if (filled == kChunk) {
      for (size_t i = 0; i < kChunk; i += 8) {
        uint64_t w;
        std::memcpy(&w, buffer.data() + i, 8);
        hasher.word(w);
      }
      filled = 0;
    }
  }
  fd.reset();
  hasher.bytes(buffer.data(), filled);
  *out = hasher.finish(total);
  return true;
}

FileStat stat_file(const std::filesystem::path& path) {
  struct stat st;
  FileStat out;
  if (::stat(path.c_str(), &st) != 0) return out;
  out.exists = true;
  out.mtime_ns = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  out.size = int64_t(st.st_size);
  return out;
}

}  // namespace kbuild
