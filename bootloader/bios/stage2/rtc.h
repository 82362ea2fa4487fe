// The CMOS real-time clock, read as UNIX time (the clock is taken to run in UTC, as QEMU's does
// by default).
#pragma once
#include <stdint.h>

// Seconds since 1970-01-01 00:00:00; false when the clock reads as no valid date.
bool read_rtc_unix_time(int64_t* seconds);
