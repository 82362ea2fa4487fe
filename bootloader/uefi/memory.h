// UEFI's memory map: read into a buffer kept with room to spare, converted into kbuild's types,
// and the final read that goes with ExitBootServices.
#pragma once
#include <stdint.h>

class MemoryMap;

namespace uefi {

// Allocates the map buffer (with slack for the allocations still to come) and builds `map`
// from the firmware's current map.
void read_memory_map(MemoryMap* map);

// Reads the map once more and exits boot services, again while the map key is stale. Prints
// nothing in between. Afterwards `map` holds the final map with the loader's records carved.
void exit_boot_services(MemoryMap* map);

// The firmware's own map as the last read left it (after exit_boot_services: the final one),
// for kernels that ask for it (Multiboot2's EFI memory map tag).
struct RawMap {
  uint64_t address, size, descriptor_size;
  uint32_t descriptor_version;
};
RawMap raw_memory_map();
// Bytes the buffer behind raw_memory_map() holds at most.
uint64_t raw_memory_map_capacity();

}  // namespace uefi
