// State shared by the aarch64 direct loader's files.
#pragma once

#include "../common/memory_map.h"

extern MemoryMap g_memory_map;  // platform.cpp: the allocator and, at the end, the kernel's map
