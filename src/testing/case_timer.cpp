#include "testing/case_timer.h"

namespace kbuild {

namespace {

// "test NAME ... REST": NAME and REST; false for other lines.
bool split_case_line(std::string_view line, std::string_view* name, std::string_view* rest) {
  if (line.substr(0, 5) != "test ") return false;
  size_t dots = line.find(" ... ", 5);
  if (dots == std::string_view::npos || dots == 5) return false;
  *name = line.substr(5, dots - 5);
  if (name->find(' ') != std::string_view::npos) return false;
  *rest = line.substr(dots + 5);
  return true;
}

}  // namespace

void CaseTimer::look_at_line(bool complete, Clock::time_point now) {
  std::string_view name, rest;
  if (!split_case_line(line_, &name, &rest)) return;
  std::string key(name);
  auto start = started_.find(key);
  if (start == started_.end()) start = started_.emplace(key, now).first;
  bool verdict = rest.substr(0, 2) == "ok" || rest.substr(0, 6) == "FAILED";
  if (complete && verdict && !seconds_.count(key))
    seconds_[key] = std::chrono::duration<double>(now - start->second).count();
}

void CaseTimer::append(std::string_view data, Clock::time_point now) {
  for (char ch : data) {
    if (ch == '\r') continue;
    if (ch == '\n') {
      look_at_line(true, now);
      line_.clear();
    } else if (line_.size() < 4096) {  // a case line is short; a longer one is only output
      line_ += ch;
    }
  }
  look_at_line(false, now);  // a case that has begun and not ended yet
}

}  // namespace kbuild
