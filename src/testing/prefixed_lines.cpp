#include "testing/prefixed_lines.h"

namespace kbuild {

PrefixedLines::PrefixedLines(std::string prefix, Sink sink, std::mutex* lock)
    : prefix_(std::move(prefix)), sink_(std::move(sink)), lock_(lock) {}

void PrefixedLines::append(std::string_view data) {
  for (char ch : data) {
    if (ch == '\r') continue;
    if (ch != '\n') {
      pending_ += ch;
      continue;
    }
    std::lock_guard guard(*lock_);
    sink_(prefix_ + ": " + pending_ + "\n");
    pending_.clear();
  }
}

void PrefixedLines::flush() {
  if (pending_.empty()) return;
  std::lock_guard guard(*lock_);
  sink_(prefix_ + ": " + pending_ + "\n");
  pending_.clear();
}

}  // namespace kbuild
