// One kbuild at a time in a build directory, as cargo does it: an flock(2) on
// build/<profile>/.kbuild-lock, held for the whole build. A second build says
// "Blocking waiting for file lock on build directory" and waits; Ctrl-C ends the wait.
//
// The descriptor is deliberately inherited by the compilers and the linker the build starts, so
// that compilers left running by a kbuild killed with SIGKILL keep the directory locked until
// they finish: the next build waits for them instead of reading a depfile they are writing.
#pragma once

#include <filesystem>
#include <string>

#include "core/ui.h"

namespace kbuild {

inline constexpr const char* kLockFileName = ".kbuild-lock";

class BuildDirLock {
 public:
  BuildDirLock() = default;
  ~BuildDirLock();
  BuildDirLock(const BuildDirLock&) = delete;
  BuildDirLock& operator=(const BuildDirLock&) = delete;

  // Creates `dir` if needed and waits until the lock is ours. False on Ctrl-C ("interrupted")
  // or when the lock file cannot be opened.
  bool acquire(const Ui& ui, const std::filesystem::path& dir, std::string* err);

 private:
  int fd_ = -1;
};

}  // namespace kbuild
