// common/platform.h for riscv64: allocation from the memory map built from the device tree.
#include "platform.h"

#include "lib.h"
#include "memory_map.h"
#include "riscv64_loader.h"

MemoryMap g_memory_map;

uint64_t platform_allocate(uint64_t size, uint32_t type) {
  return g_memory_map.allocate(align_up(size, kPageSize), type, 0, 4 * kGiB);
}

bool platform_claim(uint64_t base, uint64_t end, uint32_t type) {
  return g_memory_map.carve(base, end, type);
}

void platform_console_write(const char*) {}  // the UART is the only console
