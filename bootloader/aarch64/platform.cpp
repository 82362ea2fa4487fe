// common/platform.h for the aarch64 direct loader: allocation from the memory map built from
// the device tree (the module reads are common/ram_image.cpp's).
#include "../common/platform.h"

#include "../common/lib.h"
#include "../common/memory_map.h"
#include "direct.h"

MemoryMap g_memory_map;

uint64_t platform_allocate(uint64_t size, uint32_t type) {
  return g_memory_map.allocate(align_up(size, kPageSize), type, 0, 4 * kGiB);
}

bool platform_claim(uint64_t base, uint64_t end, uint32_t type) {
  return g_memory_map.carve(base, end, type);
}

void platform_console_write(const char*) {}  // the UART is the only console
