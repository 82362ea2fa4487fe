// A private temporary directory (mode 0700 under $TMPDIR or /tmp), removed with everything in it
// when the object goes away, which also happens when Ctrl-C unwinds a command.
#pragma once

#include <filesystem>
#include <string>

namespace kbuild {

class TempDir {
 public:
  TempDir() = default;
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // In $TMPDIR (else /tmp), or in `base` when one is given.
  bool create(const std::string& prefix, std::string* err, const std::filesystem::path& base = {});
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kbuild
