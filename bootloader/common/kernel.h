// The packed kernel ELF (shared/boot_manifest.h): checked, its below-4-GiB homes claimed, and
// mapped. Firmware-neutral; each loader reads the file its own way.
#pragma once
#include <stdint.h>

#include "kernel_rules.h"

class PageTables;

struct Segment {
  uint64_t offset, vaddr, filesz, memsz;
  uint32_t flags;
  bool identity;  // below 4 GiB: placed at physical == virtual
};

struct Kernel {
  static constexpr int kMaxSegments = kbuild_rules::kMaxSegments;

  uint64_t entry = 0;
  Segment segments[kMaxSegments];
  int count = 0;
  uint64_t file_address = 0, file_size = 0;  // the packed file in memory (physical, page-rounded)
  uint64_t virtual_base = 0, physical_base = 0;
};

// The first bytes start with the ELF magic.
bool kernel_has_elf_magic(const uint8_t* header, uint64_t bytes);
// Checks the header and program headers (the segments by kernel_rules.h) (`header` holds the file's first `header_bytes` bytes,
// at least the first page or the whole file) and fills `kernel`. Fails the boot on a bad kernel.
void kernel_parse(const uint8_t* header, uint64_t header_bytes, uint64_t file_size,
                  Kernel* kernel);
// Takes the physical homes of segments linked below 4 GiB (physical == virtual).
void kernel_claim_homes(const Kernel& kernel);
// The memory type of the packed file in memory: KERNEL while segments are mapped from it in
// place, BOOTLOADER when every segment was copied out (all linked below 4 GiB).
uint32_t kernel_file_type(const Kernel& kernel);
// Maps every segment with its permissions (copying identity-placed ones), zeroes .bss. The
// packed file must be at kernel->file_address.
void kernel_map(Kernel* kernel, PageTables* tables);
