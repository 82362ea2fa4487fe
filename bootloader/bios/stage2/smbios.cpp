#include "smbios.h"

#include "lib.h"

namespace {

// The length byte's offset in each entry point structure.
constexpr uint32_t kLength32Offset = 5, kLength64Offset = 6;

bool valid(const uint8_t* p, uint32_t length_offset) {
  uint8_t length = p[length_offset];
  if (length < 0x10) return false;
  uint8_t sum = 0;
  for (uint32_t i = 0; i < length; ++i) sum += p[i];
  return sum == 0;
}

}  // namespace

SmbiosEntries find_smbios() {
  SmbiosEntries found = {0, 0};
  for (uint64_t a = 0xf0000; a + 0x20 <= 0x100000; a += 16) {
    const uint8_t* p = phys_ptr<uint8_t>(a);
    if (found.entry32 == 0 && memcmp(p, "_SM_", 4) == 0 && valid(p, kLength32Offset)) found.entry32 = a;
    if (found.entry64 == 0 && memcmp(p, "_SM3_", 5) == 0 && valid(p, kLength64Offset)) found.entry64 = a;
  }
  return found;
}
