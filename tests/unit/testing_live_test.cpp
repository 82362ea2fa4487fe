#include <gtest/gtest.h>

#include <mutex>
#include <string>

#include "testing/case_timer.h"
#include "testing/prefixed_lines.h"

namespace kbuild {
namespace {

using namespace std::chrono_literals;

TEST(PrefixedLines, WholeLinesOnlyEachWithItsPrefix) {
  std::mutex lock;
  std::string out;
  PrefixedLines lines("mm", [&](std::string_view text) { out += text; }, &lock);
  lines.append("one\r\ntw");
  EXPECT_EQ(out, "mm: one\n");
  lines.append("o\n\nthree");
  EXPECT_EQ(out, "mm: one\nmm: two\nmm: \n");
  lines.flush();
  EXPECT_EQ(out, "mm: one\nmm: two\nmm: \nmm: three\n");
  lines.flush();
  EXPECT_EQ(out, "mm: one\nmm: two\nmm: \nmm: three\n");
}

TEST(CaseTimer, FromTheCaseLinesStartToItsVerdict) {
  CaseTimer timer;
  CaseTimer::Clock::time_point t0{};
  timer.append("running 3 tests\ntest a ... ", t0);
  timer.append("ok [10 cycles]\ntest b ... ", t0 + 2s);
  timer.append("printed\n", t0 + 3s);
  timer.append("\ntest b ... FAILED\n  x.cpp:1: expected 1 == 2\ntest c ... ", t0 + 7s);
  EXPECT_EQ(timer.seconds().size(), 2u);
  EXPECT_DOUBLE_EQ(timer.seconds().at("a"), 2.0);
  EXPECT_DOUBLE_EQ(timer.seconds().at("b"), 5.0);
  EXPECT_EQ(timer.seconds().count("c"), 0u);  // begun, never ended
}

}  // namespace
}  // namespace kbuild
