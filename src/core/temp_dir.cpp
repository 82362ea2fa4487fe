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

bool TempDir::create(const std::string& prefix, std::string* err) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
  if (!::mkdtemp(pattern.data())) {
    *err = "cannot create a temporary directory in " + std::string(base && *base ? base : "/tmp") + ": " +
           std::strerror(errno);
    return false;
  }
  path_ = pattern;
  return true;
}

}  // namespace kbuild
