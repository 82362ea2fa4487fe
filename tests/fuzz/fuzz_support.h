// Shared by the fuzz targets: a private scratch directory for targets whose code under test reads
// files (created once per process, removed with everything in it at exit), and a way to write
// the input there.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "core/temp_dir.h"

namespace kbuild::fuzz {

inline const std::filesystem::path& scratch_dir() {
  static TempDir dir;
  if (dir.path().empty()) {
    std::string err;
    if (!dir.create("kbuild-fuzz", &err)) {
      std::fprintf(stderr, "%s\n", err.c_str());
      std::abort();
    }
  }
  return dir.path();
}

inline void write_bytes(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::abort();
  }
}

// A broken invariant is a finding: abort, so libFuzzer saves the input and the replay test fails.
inline void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace kbuild::fuzz
