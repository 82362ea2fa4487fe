// Where tests write files: a fresh directory under $TMPDIR (default /tmp) made by mkdtemp, so
// parallel tests and repeated runs never share a name, removed with everything in it when the
// object goes away. A failing test's directory is kept instead, and its path printed, for a look.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace kbuild::test {

class ScratchDir {
 public:
  // $TMPDIR/kbuild-LABEL-XXXXXX; LABEL defaults to the running test's Suite.Name.
  ScratchDir() : ScratchDir(current_test_label()) {}
  explicit ScratchDir(std::string_view label) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/kbuild-" + clean(label) + "-XXXXXX";
    if (!::mkdtemp(pattern.data())) {
      std::fprintf(stderr, "cannot create a temporary directory %s: %s\n", pattern.c_str(), std::strerror(errno));
      std::abort();
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    if (failed()) {
      std::fprintf(stderr, "test files kept in %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  static std::string current_test_label() {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    return info ? std::string(info->test_suite_name()) + "." + info->name() : "tests";
  }

 private:
  // The running test's failure, or, outside any test (a suite's or the program's end), any failure.
  static bool failed() {
    ::testing::UnitTest* unit = ::testing::UnitTest::GetInstance();
    return unit->current_test_info() ? ::testing::Test::HasFailure() : unit->Failed();
  }
  // One file name, short enough that sockets inside still fit sockaddr_un.
  static std::string clean(std::string_view label) {
    std::string out;
    for (char c : label.substr(0, 48)) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_') ? c : '-';
    return out;
  }

  std::filesystem::path path_;
};

}  // namespace kbuild::test
