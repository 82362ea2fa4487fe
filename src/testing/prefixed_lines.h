// `kbuild test --nocapture`: a kernel's serial output as it arrives, cut into whole lines, each
// written as "KERNEL: line". Kernels running at once share one sink, one whole line at a time.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace kbuild {

class PrefixedLines {
 public:
  using Sink = std::function<void(std::string_view)>;
  // `sink` is called with "PREFIX: line\n" while `lock` is held (shared by every kernel's lines).
  PrefixedLines(std::string prefix, Sink sink, std::mutex* lock);

  // Writes each line `data` completes; keeps the rest for later. '\r' is dropped.
  void append(std::string_view data);
  // Writes the unfinished last line, if any.
  void flush();

 private:
  std::string prefix_;
  Sink sink_;
  std::mutex* lock_;
  std::string pending_;
};

}  // namespace kbuild
