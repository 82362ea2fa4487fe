#include "multiboot_boot.h"

#include "boot_manifest.h"
#include "lib.h"
#include "multiboot.h"

void multiboot_place(const Kernel& kernel) {
  for (int i = 0; i < kernel.count; ++i) {
    const Segment& s = kernel.segments[i];
    if (!s.loaded) {
      memcpy(phys_ptr<void>(s.vaddr), phys_ptr<void>(kernel.file_address + s.offset), s.filesz);
    }
    memset(phys_ptr<void>(s.vaddr + s.filesz), 0, s.memsz - s.filesz);
  }
}

uint32_t multiboot_magic(uint32_t protocol) {
  return protocol == KBUILD_PROTOCOL_MULTIBOOT2 ? multiboot::kMultiboot2LoaderMagic
                                                : multiboot::kMultiboot1LoaderMagic;
}
