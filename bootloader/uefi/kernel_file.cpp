// The UEFI loaders' kernel read (BOOTX64.EFI, BOOTAA64.EFI, BOOTRISCV64.EFI): the packed kernel checked by common/kernel.h as it is read, segments
// linked below 4 GiB beyond the file buffer read straight to their home.
#include "boot_manifest.h"
#include "console.h"
#include "files.h"
#include "kernel.h"
#include "lib.h"
#include "platform.h"

namespace uefi {
namespace {
uint8_t header_page[kPageSize] __attribute__((aligned(16)));
}  // namespace

void read_kernel(Kernel* kernel) {
  constexpr const char* kName = KBUILD_ESP_KERNEL_PATH;
  uint64_t size = 0;
  efi::File* file = open_kernel(&size);
  uint64_t header_bytes = size < kPageSize ? size : kPageSize;
  read_all(file, kName, reinterpret_cast<uint64_t>(header_page), header_bytes);
  if (!kernel_has_elf_magic(header_page, header_bytes)) {
    Message().str("bad kernel: no ELF magic in ").str(kName).fail();
  }
  kernel_parse(header_page, header_bytes, size, kernel);
  kernel_claim_homes(*kernel);
  kernel->file_address = platform_allocate(kernel->file_size, kernel_file_type(*kernel));
  read_all(file, kName, kernel->file_address, kernel->file_bytes);
  memset(phys_ptr<void>(kernel->file_address + kernel->file_bytes), 0,
         kernel->file_size - kernel->file_bytes);
  for (int i = 0; i < kernel->count; ++i) {
    if (!kernel_reads_to_home(*kernel, i)) continue;
    Segment& s = kernel->segments[i];
    read_range(file, kName, s.offset, s.vaddr, s.filesz);
    s.loaded = true;
  }
  file->close(file);
}

}  // namespace uefi
