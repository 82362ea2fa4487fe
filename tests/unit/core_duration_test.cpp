// One way to print a measured time: milliseconds shown as seconds, "<1 ms" below that.
#include <gtest/gtest.h>

#include <cmath>

#include "core/duration.h"

namespace kbuild {
namespace {

TEST(CoreDuration, SecondsToTheMillisecondAndLessThanOneMillisecondSaidSo) {
  EXPECT_EQ(format_duration(0), "<1 ms");
  EXPECT_EQ(format_duration(0.00049), "<1 ms");
  EXPECT_EQ(format_duration(-1), "<1 ms");
  EXPECT_EQ(format_duration(NAN), "<1 ms");
  EXPECT_EQ(format_duration(0.0005), "0.001 s");
  EXPECT_EQ(format_duration(0.012), "0.012 s");
  EXPECT_EQ(format_duration(0.3124), "0.312 s");
  EXPECT_EQ(format_duration(1.02), "1.020 s");
  EXPECT_EQ(format_duration(61.5), "61.500 s");
}

}  // namespace
}  // namespace kbuild
