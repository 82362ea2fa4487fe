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
  bool loaded;    // its file bytes were read straight to its home (identity only)
};

struct Kernel {
  static constexpr int kMaxSegments = kbuild_rules::kMaxSegments;

  uint64_t entry = 0;
  Segment segments[kMaxSegments];
  int count = 0;
  // The packed file in memory (physical): its first file_bytes bytes, zero-padded to file_size
  // (whole pages). Segments linked below 4 GiB that come after every segment mapped in place
  // are not in it: the loaders read them straight to their home.
  uint64_t file_address = 0, file_bytes = 0, file_size = 0;
  uint64_t virtual_base = 0, physical_base = 0;
};

// The first bytes start with the ELF magic.
bool kernel_has_elf_magic(const uint8_t* header, uint64_t bytes);
// Checks the header and program headers (the segments by kernel_rules.h) (`header` holds the file's first `header_bytes` bytes,
// at least the first page or the whole file) and fills `kernel`. Fails the boot on a bad kernel.
void kernel_parse(const uint8_t* header, uint64_t header_bytes, uint64_t file_size,
                  Kernel* kernel);
// Whether the loader reads segment `i` straight to its home instead of into the file buffer.
bool kernel_reads_to_home(const Kernel& kernel, int i);
// Takes the physical homes of segments linked below 4 GiB (physical == virtual).
void kernel_claim_homes(const Kernel& kernel);
// The memory type of the packed file in memory: KERNEL while segments are mapped from it in
// place, BOOTLOADER when every segment was copied out (all linked below 4 GiB).
uint32_t kernel_file_type(const Kernel& kernel);
// Maps every segment with its permissions (copying identity-placed ones that were not read to
// their home), zeroes .bss. The file buffer must be at kernel->file_address.
void kernel_map(Kernel* kernel, PageTables* tables);
