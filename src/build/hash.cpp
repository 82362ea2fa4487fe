#include "build/hash.h"
#include "core/unique_fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

// xxHash built into kbuild from Debian's header (XXH_INLINE_ALL): no library to load at start.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace kbuild {

namespace {

struct StateDeleter {
  void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
};

}  // namespace

uint64_t hash_bytes(std::string_view bytes, uint64_t seed) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

void ArgvHasher::add(std::string_view arg) {
  h_ = hash_bytes(arg, h_);  // each argument is hashed on its own: {"a b"} and {"a", "b"} differ
  ++count_;
}

uint64_t ArgvHasher::finish() const {
  uint64_t count = count_;
  return XXH3_64bits_withSeed(&count, sizeof count, h_);
}

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
  std::unique_ptr<XXH3_state_t, StateDeleter> state(XXH3_createState());
  if (!state || XXH3_64bits_reset(state.get()) != XXH_OK) {
    *err = "cannot hash " + path.string() + ": out of memory";
    return false;
  }
  static constexpr size_t kChunk = 1 << 16;
  std::string buffer(kChunk, '\0');
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer.data(), kChunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = "cannot read " + path.string() + ": " + std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    XXH3_64bits_update(state.get(), buffer.data(), static_cast<size_t>(n));
  }
  *out = XXH3_64bits_digest(state.get());
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
