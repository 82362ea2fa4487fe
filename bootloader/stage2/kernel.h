// The packed kernel ELF: read from disk, checked again (cheaply), and mapped.
#pragma once
#include <stdint.h>

#include "boot_manifest.h"

class MemoryMap;
class PageTables;

struct Segment {
  uint64_t offset, vaddr, filesz, memsz;
  uint32_t flags;
  bool identity;  // below 4 GiB: placed at physical == virtual
};

struct Kernel {
  static constexpr int kMaxSegments = 72;  // program headers must fit the first page

  uint64_t entry = 0;
  Segment segments[kMaxSegments];
  int count = 0;
  uint64_t file_address = 0, file_size = 0;  // the packed file in memory (physical)
  uint64_t virtual_base = 0, physical_base = 0;
};

// Reads the headers, reserves the physical homes of identity-placed segments, then reads the
// whole packed file into memory. Fails the boot on a bad kernel.
void kernel_read(const kbuild_boot_manifest& manifest, MemoryMap* memory, Kernel* kernel);
// Maps every segment with its permissions (copying identity-placed ones), zeroes .bss.
void kernel_map(Kernel* kernel, MemoryMap* memory, PageTables* tables);
