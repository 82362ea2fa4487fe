// A log file QEMU writes that cannot grow without bound: a named pipe in kbuild's temporary
// directory, drained by a thread into a TailBuffer as QEMU writes (so QEMU never blocks on it),
// of which only the tail is kept. Used for QEMU's fault log (`-d int,cpu_reset -D FILE`) and, by
// the test runner, for COM1.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kbuild {

class FifoLog {
 public:
  FifoLog();
  ~FifoLog();  // stops the thread, closes and removes the pipe
  FifoLog(const FifoLog&) = delete;
  FifoLog& operator=(const FifoLog&) = delete;

  // Creates the pipe at `path` and starts draining it, keeping the last `capacity` bytes. With
  // `on_data`, every chunk is also handed to it as it is read (from the draining thread).
  bool open(const std::filesystem::path& path, size_t capacity, std::string* err,
            std::function<void(std::string_view)> on_data = {});
  const std::filesystem::path& path() const;

  // Once the writer (QEMU) has exited: reads what is left, stops, and returns the kept tail.
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kbuild
