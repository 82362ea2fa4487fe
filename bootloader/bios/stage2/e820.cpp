#include "e820.h"

#include <kbuild/boot.h>

#include "bios.h"
#include "console.h"
#include "lib.h"
#include "memory_layout.h"
#include "memory_map.h"

namespace {

constexpr uint32_t kE820Function = 0xe820;
constexpr uint32_t kSmapSignature = 0x534d4150;  // "SMAP"
constexpr uint8_t kMemoryServices = 0x15;
constexpr uint32_t kE820EntryWithAttributes = 24;
constexpr uint32_t kAttributeValid = 1;

// E820 types (ACPI).
constexpr uint32_t kE820Usable = 1, kE820AcpiReclaimable = 3, kE820AcpiNvs = 4, kE820Bad = 5;

uint32_t e820_type(uint32_t type) {
  switch (type) {
    case kE820Usable:
      return KBUILD_MEMORY_USABLE;
    case kE820AcpiReclaimable:
      return KBUILD_MEMORY_ACPI_RECLAIMABLE;
    case kE820AcpiNvs:
      return KBUILD_MEMORY_ACPI_NVS;
    case kE820Bad:
      return KBUILD_MEMORY_BAD;
    default:
      return KBUILD_MEMORY_RESERVED;
  }
}

struct E820Entry {
  uint64_t base, length;
  uint32_t type, attributes;
};
static_assert(sizeof(E820Entry) == kE820EntryWithAttributes, "ACPI 3.0 E820 entry");

Region raw[MemoryMap::kMaxRaw];

}  // namespace

void read_e820(MemoryMap* memory) {
  int n = 0;
  uint32_t continuation = 0;
  do {
    auto* entry = phys_ptr<E820Entry>(KBUILD_SCRATCH_ADDRESS);
    memset(entry, 0, sizeof(*entry));
    entry->attributes = kAttributeValid;  // valid unless the BIOS says otherwise
    bios_regs regs = {};
    regs.eax = kE820Function;
    regs.edx = kSmapSignature;
    regs.ebx = continuation;
    regs.ecx = sizeof(E820Entry);
    regs.es = real_segment(KBUILD_SCRATCH_ADDRESS);
    regs.edi = real_offset(KBUILD_SCRATCH_ADDRESS);
    bios_call(kMemoryServices, &regs);
    if ((regs.eflags & kCarryFlag) || regs.eax != kSmapSignature) break;
    continuation = regs.ebx;
    E820Entry e;
    memcpy(&e, entry, sizeof(e));
    if (regs.ecx >= kE820EntryWithAttributes && !(e.attributes & kAttributeValid)) continue;
    if (e.length == 0 || e.base + e.length < e.base) continue;
    if (n == MemoryMap::kMaxRaw) fail("more than 1024 E820 memory map entries");
    raw[n++] = {e.base, e.base + e.length, e820_type(e.type)};
  } while (continuation != 0);
  if (n == 0) fail("the BIOS gave no E820 memory map");
  memory->build(raw, n);
}
