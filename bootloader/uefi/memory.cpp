#include "memory.h"

#include <kbuild/boot.h>

#include "allocator.h"
#include "console.h"
#include "firmware.h"
#include "lib.h"
#include "memory_map.h"
#include "platform.h"

namespace uefi {
namespace {

constexpr uint64_t kSlackDescriptors = 64;  // allocations between sizing and the last read
constexpr int kExitAttempts = 8;

uint64_t buffer = 0;  // physical
uint64_t buffer_size = 0;
uint64_t map_size = 0, map_key = 0, descriptor_size = 0;
uint32_t descriptor_version = 0;

Region raw[MemoryMap::kMaxRaw];

uint32_t kbuild_type(uint32_t efi_type) {
  switch (efi_type) {
    case efi::kLoaderCode:
    case efi::kLoaderData:
    case efi::kBootServicesCode:
    case efi::kBootServicesData:
    case efi::kConventionalMemory:
      return KBUILD_MEMORY_USABLE;
    case efi::kRuntimeServicesCode:
    case efi::kRuntimeServicesData:
      return KBUILD_MEMORY_EFI_RUNTIME;
    case efi::kAcpiReclaimMemory:
      return KBUILD_MEMORY_ACPI_RECLAIMABLE;
    case efi::kAcpiMemoryNvs:
      return KBUILD_MEMORY_ACPI_NVS;
    case efi::kUnusableMemory:
      return KBUILD_MEMORY_BAD;
    default:
      return KBUILD_MEMORY_RESERVED;
  }
}

efi::Status get_map() {
  map_size = buffer_size;
  return boot()->get_memory_map(&map_size, phys_ptr<efi::MemoryDescriptor>(buffer), &map_key,
                                &descriptor_size, &descriptor_version);
}

// The firmware's map in `buffer` into kbuild's, the first MiB the loader's (as under BIOS).
void convert(MemoryMap* map) {
  if (descriptor_size < sizeof(efi::MemoryDescriptor)) fail("bad UEFI memory descriptor size");
  int n = 0;
  for (uint64_t at = 0; at + descriptor_size <= map_size; at += descriptor_size) {
    efi::MemoryDescriptor d;
    memcpy(&d, phys_ptr<uint8_t>(buffer) + at, sizeof(d));
    if (d.number_of_pages == 0) continue;
    if (n == MemoryMap::kMaxRaw) fail("more than 1024 UEFI memory map entries");
    raw[n++] = {d.physical_start, d.physical_start + d.number_of_pages * efi::kPageSize,
                kbuild_type(d.type)};
  }
  if (n == 0) fail("the firmware gave an empty memory map");
  map->build(raw, n);
  map->carve_below(kMiB, KBUILD_MEMORY_BOOTLOADER);
}

}  // namespace

void read_memory_map(MemoryMap* map) {
  uint64_t needed = 0, key = 0, size = 0;
  uint32_t version = 0;
  efi::Status status = boot()->get_memory_map(&needed, nullptr, &key, &size, &version);
  if (status != efi::kBufferTooSmall) check(status, "GetMemoryMap");
  buffer_size = align_up(needed + kSlackDescriptors * size, kPageSize);
  buffer = platform_allocate(buffer_size, KBUILD_MEMORY_BOOTLOADER);
  check(get_map(), "GetMemoryMap");
  convert(map);
}

void exit_boot_services(MemoryMap* map) {
  boot_services_gone();  // from the first call on, ConOut may be gone
  efi::BootServices* services = system()->boot_services;
  efi::Status status = efi::kInvalidParameter;
  for (int attempt = 0; attempt < kExitAttempts && status == efi::kInvalidParameter; ++attempt) {
    map_size = buffer_size;
    efi::Status read = services->get_memory_map(
        &map_size, phys_ptr<efi::MemoryDescriptor>(buffer), &map_key, &descriptor_size, &descriptor_version);
    check(read, "GetMemoryMap before ExitBootServices");
    status = services->exit_boot_services(image(), map_key);  // a stale key: read and try again
  }
#if defined(__x86_64__)
  asm volatile("cli");
#elif defined(__riscv)
  asm volatile("csrci sstatus, 2");  // SIE
#else
  asm volatile("msr daifset, #0xf");
#endif
  check(status, "ExitBootServices");
  convert(map);
  carve_records(map);
}

RawMap raw_memory_map() { return {buffer, map_size, descriptor_size, descriptor_version}; }

uint64_t raw_memory_map_capacity() { return buffer_size; }

}  // namespace uefi
