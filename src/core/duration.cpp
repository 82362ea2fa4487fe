#include "core/duration.h"

#include <cmath>

#include <fmt/format.h>

namespace kbuild {

std::string format_duration(double seconds) {
  long long ms = std::isfinite(seconds) ? std::llround(seconds * 1000) : 0;
  if (ms < 1) return "<1 ms";
  return fmt::format("{}.{:03} s", ms / 1000, ms % 1000);
}

}  // namespace kbuild
