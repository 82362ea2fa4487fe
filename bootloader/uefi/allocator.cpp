#include "allocator.h"

#include <kbuild/boot.h>

#include "console.h"
#include "firmware.h"
#include "lib.h"
#include "memory_map.h"
#include "platform.h"

namespace uefi {
namespace {

constexpr int kMaxRecords = 512;
constexpr uint64_t kBelow4GiB = 4 * kGiB - 1;  // AllocateMaxAddress: the highest byte allowed

Region records[kMaxRecords];
int records_used = 0;

// Pages that will execute are EfiLoaderCode (firmware memory protection may make data NX).
efi::MemoryType firmware_type(uint32_t type) {
  return type == KBUILD_MEMORY_KERNEL || type == KBUILD_MEMORY_BOOTLOADER ? efi::kLoaderCode
                                                                           : efi::kLoaderData;
}

}  // namespace

void record(uint64_t base, uint64_t end, uint32_t type) {
  for (int i = 0; i < records_used; ++i) {  // neighbours of one type become one record
    Region& r = records[i];
    if (r.type != type) continue;
    if (r.end == base) {
      r.end = end;
      return;
    }
    if (r.base == end) {
      r.base = base;
      return;
    }
  }
  if (records_used == kMaxRecords) fail("more than 512 separate allocations");
  records[records_used++] = {base, end, type};
}

int record_count() { return records_used; }

void carve_records(MemoryMap* map) {
  for (int i = 0; i < records_used; ++i) {
    const Region& r = records[i];
    if (r.end <= kMiB) continue;  // already the loader's, as all of the first MiB
    uint64_t base = r.base < kMiB ? kMiB : r.base;
    if (!map->carve(base, r.end, r.type)) {
      Message()
          .str("the firmware's memory map does not show the loader's memory at ")
          .hex(base)
          .str(" as allocated RAM")
          .fail();
    }
  }
}

}  // namespace uefi

uint64_t platform_allocate(uint64_t size, uint32_t type) {
  uint64_t pages = align_up(size, kPageSize) / kPageSize;
  efi::PhysicalAddress address = uefi::kBelow4GiB;
  efi::Status status = uefi::boot()->allocate_pages(efi::kAllocateMaxAddress,
                                                    uefi::firmware_type(type), pages, &address);
  if (status == efi::kOutOfResources || status == efi::kNotFound) {
    fail_out_of_memory(size, 4 * kGiB);
  }
  uefi::check(status, "AllocatePages");
  uefi::record(address, address + pages * kPageSize, type);
  return address;
}

bool platform_claim(uint64_t base, uint64_t end, uint32_t type) {
  efi::PhysicalAddress address = base;
  efi::Status status = uefi::boot()->allocate_pages(
      efi::kAllocateAddress, uefi::firmware_type(type), (end - base) / kPageSize, &address);
  if (status != efi::kSuccess) return false;
  uefi::record(base, end, type);
  return true;
}

// Below the legacy video area (0xa0000): the SIPI vectors 0xa0-0xbf are reserved. Page 0 would
// read as "none", so it is kept (as the loader's) and the next page taken.
uint64_t platform_allocate_low_page() {
  constexpr uint64_t kHighestByte = 0x9ffff;
  for (int attempt = 0; attempt < 2; ++attempt) {
    efi::PhysicalAddress address = kHighestByte;
    efi::Status status =
        uefi::boot()->allocate_pages(efi::kAllocateMaxAddress, efi::kLoaderCode, 1, &address);
    if (status != efi::kSuccess) return 0;
    uefi::record(address, address + kPageSize, KBUILD_MEMORY_BOOTLOADER);
    if (address != 0) return address;
  }
  return 0;
}
