#include "core/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace kbuild {

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool TempDir::create(const std::string& prefix, std::string* err, const std::filesystem::path& base) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string dir = !base.empty() ? base.string() : tmpdir && *tmpdir ? tmpdir : "/tmp";
  std::string pattern = dir + "/" + prefix + "-XXXXXX";
  if (!::mkdtemp(pattern.data())) {
    *err = "cannot create a temporary directory in " + dir + ": " + std::strerror(errno);
    return false;
  }
  path_ = pattern;
  return true;
}

}  // namespace kbuild
