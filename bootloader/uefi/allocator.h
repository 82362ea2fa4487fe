// Memory under boot services: every page the loader takes is allocated from the firmware
// (below 4 GiB, EfiLoaderCode for what will execute) and recorded with its kbuild type, so that
// the map built after ExitBootServices marks it.
#pragma once
#include <stdint.h>

class MemoryMap;

namespace uefi {

// Records [base, end) as `type` without allocating it (the loader's own image).
void record(uint64_t base, uint64_t end, uint32_t type);
// How many records there are: each may split a map entry in three.
int record_count();
// Marks every record in `map` (built from the firmware's final memory map).
void carve_records(MemoryMap* map);

}  // namespace uefi
