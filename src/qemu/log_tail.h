// Bounded logs: a run's serial output and QEMU's interrupt log can grow without end (a kernel
// printing in a loop, a timer interrupt logged a thousand times a second), but all kbuild shows
// or parses is their end. So kbuild keeps only the last bytes of each, in memory and on disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace kbuild {

// How much of each log is kept: enough for the failure report's serial lines and a panic, and
// for the exception chain of a triple fault with the CPU state QEMU dumps for each step.
inline constexpr size_t kSerialTailBytes = 64 * 1024;
inline constexpr size_t kFaultLogTailBytes = 256 * 1024;

// The last `capacity` bytes of everything appended (memory stays under twice that).
class TailBuffer {
 public:
  explicit TailBuffer(size_t capacity) : capacity_(capacity) {}
  void append(std::string_view data);
  // The kept tail, starting at a line start when bytes were dropped.
  std::string text() const;
  uint64_t total() const { return total_; }  // bytes appended in all
  bool truncated() const { return total_ > data_.size(); }

 private:
  size_t capacity_;
  std::string data_;
  uint64_t total_ = 0;
};

// The last `max_bytes` of a file (from a line start when it is longer), read without loading the
// rest. A missing file is empty.
bool read_file_tail(const std::filesystem::path& path, size_t max_bytes, std::string* out, std::string* err);

}  // namespace kbuild
