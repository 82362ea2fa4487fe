// How long each KBUILD_TEST case took, timed on the host: from the moment its "test NAME ... "
// line starts to arrive on serial (the runtime prints it before the case's body runs) to the
// moment its verdict ("ok" or "FAILED") arrives. The time is the guest's as QEMU ran it, so it
// includes the emulation's speed; the cycle counts the runtime prints are not converted.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace kbuild {

class CaseTimer {
 public:
  using Clock = std::chrono::steady_clock;

  // Serial output as it arrives, `now` being when it did.
  void append(std::string_view data, Clock::time_point now);

  // Seconds per case that has both begun and ended.
  const std::map<std::string, double>& seconds() const { return seconds_; }

 private:
  void look_at_line(bool complete, Clock::time_point now);
  std::string line_;
  std::map<std::string, Clock::time_point> started_;
  std::map<std::string, double> seconds_;
};

}  // namespace kbuild
