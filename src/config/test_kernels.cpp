#include "config/test_kernels_toml.h"

#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "config/config_reader.h"
#include "config/config_values.h"

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
    case TestExpectation::Kind::fault: return "a CPU fault (triple fault)";
    case TestExpectation::Kind::timeout: return "a timeout";
    case TestExpectation::Kind::exit: return fmt::format("exit status {}", expect.exit_status);
  }
  return "";
}

bool read_test_kernel_table(const std::filesystem::path& manifest, const std::string& name, toml::table& table,
                            TestKernelSettings* out, std::string* err) {
  TestKernelSettings settings;
  settings.name = name;
  const std::string where = "[test." + name + "]";
  auto fail = [&](const toml::node& node, const std::string& message) {
    const auto& begin = node.source().begin;
    *err = format_location(manifest, {static_cast<int>(begin.line), static_cast<int>(begin.column)}) + ": " +
           message;
    return false;
  };
  auto string_of = [&](const std::string& key, toml::node& node, std::string* value) {
    if (!node.is_string() || node.as_string()->get().find('\0') != std::string::npos)
      return fail(node, fmt::format("'{}' in {} must be a string without NUL characters", key, where));
    *value = node.as_string()->get();
    return true;
  };
  auto positive = [&](const std::string& key, toml::node& node, int64_t max, int64_t* value) {
    if (!node.is_integer() || node.as_integer()->get() <= 0 || node.as_integer()->get() > max)
      return fail(node, fmt::format("'{}' in {} must be an integer from 1 to {}", key, where, max));
    *value = node.as_integer()->get();
    return true;
  };
  for (auto& [key, node] : table) {
    std::string k(key.str());
    if (k == "expect") {
      std::string text;
      if (!string_of(k, node, &text)) return false;
      std::optional<TestExpectation> expect = parse_test_expectation(text);
      if (!expect)
        return fail(node, fmt::format("expect \"{}\" in {} is not known (expected \"pass\", \"panic\", "
                                      "\"fault\", \"timeout\" or \"exit:N\" with N from 0 to 255)",
                                      text, where));
      settings.expect = *expect;
    } else if (k == "timeout") {
      int64_t seconds;
      if (!positive(k, node, std::numeric_limits<int>::max(), &seconds)) return false;
      settings.timeout_seconds = static_cast<int>(seconds);
    } else if (k == "smp") {
      int64_t cpus;
      if (!positive(k, node, 255, &cpus)) return false;
      settings.smp = static_cast<int>(cpus);
    } else if (k == "memory") {
      uint64_t bytes = 0;
      if (!string_of(k, node, &settings.memory)) return false;
      if (!parse_memory_size(settings.memory, &bytes) || bytes == 0)
        return fail(node, fmt::format("memory \"{}\" in {} is not a size QEMU understands (a number with "
                                      "an optional K, M, G or T, as in \"256M\")",
                                      settings.memory, where));
    } else if (k == "cmdline") {
      std::string cmdline;
      if (!string_of(k, node, &cmdline)) return false;
      settings.cmdline = cmdline;
    } else if (k == "expect-screen") {
      if (!string_of(k, node, &settings.expect_screen)) return false;
      std::filesystem::path path(settings.expect_screen);
      bool inside = !path.empty() && path.is_relative() && *path.lexically_normal().begin() != "..";
      if (!inside || path.filename().empty())
        return fail(node, fmt::format("expect-screen \"{}\" in {} must be a file path relative to the project "
                                      "directory, as in \"tests/{}.screen.txt\"",
                                      settings.expect_screen, where, name));
    } else if (k == "firmware") {
      if (!string_of(k, node, &settings.firmware)) return false;
      if (settings.firmware != "bios" && settings.firmware != "uefi" && settings.firmware != "all")
        return fail(node, fmt::format("firmware \"{}\" in {} is not known (expected \"bios\", \"uefi\" or "
                                      "\"all\")",
                                      settings.firmware, where));
    } else if (k == "sources") {
      toml::array* array = node.as_array();
      if (array == nullptr || array->empty())
        return fail(node, fmt::format("'sources' in {} must be an array of file names or globs, as in "
                                      "[\"tests/support/*.cpp\"]",
                                      where));
      for (toml::node& glob : *array) {
        std::string text;
        if (!string_of("sources", glob, &text)) return false;
        settings.sources.push_back(text);
      }
    } else if (k == "args") {
      toml::array* array = node.as_array();
      if (array == nullptr) return fail(node, fmt::format("'args' in {} must be an array of strings", where));
      for (toml::node& arg : *array) {
        std::string text;
        if (!string_of("args", arg, &text)) return false;
        settings.args.push_back(text);
      }
    } else {
      const auto& begin = key.source().begin;
      *err = format_location(manifest, {static_cast<int>(begin.line), static_cast<int>(begin.column)}) +
             fmt::format(": unknown key '{}' in {} (expected 'expect', 'timeout', 'args', 'memory', 'smp', "
                         "'cmdline', 'expect-screen', 'sources' or 'firmware')",
                         k, where);
      return false;
    }
  }
  *out = std::move(settings);
  return true;
}

const TestKernelSettings* find_test_kernel_settings(const std::vector<TestKernelSettings>& all,
                                                    const std::string& name) {
  for (const TestKernelSettings& s : all)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace kbuild
