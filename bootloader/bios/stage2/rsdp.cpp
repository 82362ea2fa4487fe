#include "rsdp.h"

#include "lib.h"

namespace {

bool checksum_ok(const uint8_t* p, uint32_t n) {
  uint8_t sum = 0;
  for (uint32_t i = 0; i < n; ++i) sum += p[i];
  return sum == 0;
}

uint64_t scan(uint64_t begin, uint64_t end) {
  for (uint64_t a = begin; a + 36 <= end; a += 16) {
    const uint8_t* p = phys_ptr<uint8_t>(a);
    if (memcmp(p, "RSD PTR ", 8) != 0 || !checksum_ok(p, 20)) continue;
    uint32_t length;
    memcpy(&length, p + 20, 4);
    if (p[15] >= 2 && (length < 36 || length > 4096 || !checksum_ok(p, length))) continue;
    return a;
  }
  return 0;
}

}  // namespace

uint64_t find_rsdp() {
  uint16_t ebda_segment;
  memcpy(&ebda_segment, phys_ptr<uint8_t>(0x40e), 2);
  uint64_t ebda = uint64_t(ebda_segment) << 4;
  if (ebda >= 0x80000 && ebda < 0xa0000) {
    if (uint64_t found = scan(ebda, ebda + 1024)) return found;
  }
  return scan(0xe0000, 0x100000);
}
