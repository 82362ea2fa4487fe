// The loaders' date at boot: the firmware clock's fields as UNIX seconds (shared/civil_time.h).
#include <gtest/gtest.h>

#include "civil_time.h"

namespace {

int64_t seconds(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s) {
  int64_t out = 12345;
  EXPECT_TRUE(kbuild_time::unix_seconds(y, mo, d, h, mi, s, &out));
  return out;
}

TEST(CivilTime, DatesBecomeUnixSeconds) {
  EXPECT_EQ(seconds(1970, 1, 1, 0, 0, 0), 0);
  EXPECT_EQ(seconds(1969, 12, 31, 23, 59, 59), -1);
  EXPECT_EQ(seconds(2000, 2, 29, 12, 34, 56), 951827696);  // a leap day in a year divisible by 400
  EXPECT_EQ(seconds(2026, 12, 1, 20, 13, 7), 1796155987);
  EXPECT_EQ(seconds(2100, 3, 1, 0, 0, 0), 4107542400);  // 2100 is no leap year
}

TEST(CivilTime, AClockThatReadsGarbageGivesNoDate) {
  int64_t out = 7;
  EXPECT_FALSE(kbuild_time::unix_seconds(2026, 13, 1, 0, 0, 0, &out));
  EXPECT_FALSE(kbuild_time::unix_seconds(2026, 0, 1, 0, 0, 0, &out));
  EXPECT_FALSE(kbuild_time::unix_seconds(2026, 1, 0, 0, 0, 0, &out));
  EXPECT_FALSE(kbuild_time::unix_seconds(2026, 1, 1, 24, 0, 0, &out));
  EXPECT_FALSE(kbuild_time::unix_seconds(2026, 1, 1, 0, 60, 0, &out));
  EXPECT_FALSE(kbuild_time::unix_seconds(2026, 1, 1, 0, 0, 60, &out));
  EXPECT_EQ(out, 7);
}

}  // namespace
