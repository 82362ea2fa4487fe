#include "config/test_kernels.h"

#include <charconv>

#include <fmt/format.h>

namespace kbuild {

std::optional<TestExpectation> parse_test_expectation(const std::string& text) {
  using Kind = TestExpectation::Kind;
  if (text == "pass") return TestExpectation{Kind::pass, 0};
  if (text == "panic") return TestExpectation{Kind::panic, 0};
  if (text == "fault") return TestExpectation{Kind::fault, 0};
  if (text == "timeout") return TestExpectation{Kind::timeout, 0};
  if (text.rfind("exit:", 0) == 0) {
    int status = -1;
    const char* begin = text.data() + 5;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(begin, end, status);
    if (ec == std::errc() && ptr == end && begin != end && status >= 0 && status <= 255)
      return TestExpectation{Kind::exit, status};
  }
  return std::nullopt;
}

std::string describe_expectation(const TestExpectation& expect) {
  switch (expect.kind) {
    case TestExpectation::Kind::pass: return "a pass";
    case TestExpectation::Kind::panic: return "a kernel panic";
    case TestExpectation::Kind::fault: return "a CPU fault";  // test_verdict.cpp names it for the CPU
    case TestExpectation::Kind::timeout: return "a timeout";
    case TestExpectation::Kind::exit: return fmt::format("exit status {}", expect.exit_status);
  }
  return "";
}

const TestKernelSettings* find_test_kernel_settings(const std::vector<TestKernelSettings>& all,
                                                    const std::string& name) {
  for (const TestKernelSettings& s : all)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace kbuild
