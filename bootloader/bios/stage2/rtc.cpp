#include "rtc.h"

#include "civil_time.h"
#include "lib.h"

namespace {

constexpr uint16_t kCmosIndex = 0x70, kCmosData = 0x71;
constexpr uint8_t kNmiDisable = 0x80;
constexpr uint8_t kSeconds = 0x00, kMinutes = 0x02, kHours = 0x04, kDay = 0x07, kMonth = 0x08,
                  kYear = 0x09, kStatusA = 0x0a, kStatusB = 0x0b, kCentury = 0x32;
constexpr uint8_t kUpdateInProgress = 0x80;       // status A
constexpr uint8_t kBinary = 0x04, kHour24 = 0x02;  // status B
constexpr uint8_t kPm = 0x80;

uint8_t cmos(uint8_t reg) {
  outb(kCmosIndex, kNmiDisable | reg);
  return inb(kCmosData);
}

struct Clock {
  uint8_t second, minute, hour, day, month, year, century;
  bool operator==(const Clock&) const = default;
};

// An update takes under 2 ms; port reads take about a microsecond each on real hardware, so
// this bound is seconds, not forever, on a CMOS that always reads "updating" (or 0xff).
constexpr uint32_t kMaxUpdateWaitReads = 1u << 21;
constexpr int kMaxReads = 8;  // reads until two agree; a clock that never settles gives up

bool read_once(Clock* out) {
  for (uint32_t i = 0; cmos(kStatusA) & kUpdateInProgress; ++i)
    if (i == kMaxUpdateWaitReads) return false;
  *out = {cmos(kSeconds), cmos(kMinutes), cmos(kHours), cmos(kDay),
          cmos(kMonth),   cmos(kYear),    cmos(kCentury)};
  return true;
}

uint8_t from_bcd(uint8_t v) { return static_cast<uint8_t>((v >> 4) * 10 + (v & 0x0f)); }

}  // namespace

bool read_rtc_unix_time(int64_t* seconds) {
  // Read until two reads agree, so no update fell between the registers.
  Clock c, again;
  if (!read_once(&c)) return false;
  for (int reads = 1;; ++reads) {
    if (reads == kMaxReads || !read_once(&again)) return false;
    if (again == c) break;
    c = again;
  }
  uint8_t status = cmos(kStatusB);
  bool pm = (c.hour & kPm) != 0;
  c.hour &= static_cast<uint8_t>(~kPm);
  if (!(status & kBinary)) {
    c.second = from_bcd(c.second);
    c.minute = from_bcd(c.minute);
    c.hour = from_bcd(c.hour);
    c.day = from_bcd(c.day);
    c.month = from_bcd(c.month);
    c.year = from_bcd(c.year);
    c.century = from_bcd(c.century);
  }
  if (!(status & kHour24)) c.hour = static_cast<uint8_t>(c.hour % 12 + (pm ? 12 : 0));
  int64_t century = c.century >= 19 && c.century <= 99 ? c.century : 20;
  return kbuild_time::unix_seconds(century * 100 + c.year, c.month, c.day, c.hour, c.minute, c.second, seconds);
}
