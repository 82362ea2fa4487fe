// A calendar date and time of day as UNIX seconds (proleptic Gregorian, no leap seconds): how the
// loaders turn the firmware's clock (the CMOS on BIOS, GetTime on UEFI) into the date at boot.
#pragma once

#include <stdint.h>

namespace kbuild_time {

// Days from 1970-01-01 to year-month-day (month 1..12); negative before 1970.
constexpr int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t year_of_era = year - era * 400;
  int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// False when a field is out of range (a clock that reads garbage), else *out = UNIX seconds.
constexpr bool unix_seconds(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute,
                            int64_t second, int64_t* out) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59)
    return false;
  *out = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return true;
}

}  // namespace kbuild_time
