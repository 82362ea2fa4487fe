#include "multiboot_boot.h"

#include "boot_limits.h"
#include "boot_manifest.h"
#include "elf.h"
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

MultibootInputs multiboot_inputs(const kbuild_boot_manifest& manifest, const Kernel& kernel,
                                 const MemoryMap* memory, const Modules& modules) {
  MultibootInputs in = {};
  in.manifest = &manifest;
  in.memory = memory;
  in.modules = &modules;
  in.load_base = kernel.segments[0].vaddr;
  // The section header table: at e_shoff of the packed file, inside the segment that holds it.
  elf::Header eh;
  memcpy(&eh, phys_ptr<const void>(kernel.file_address), sizeof(eh));
  for (int i = 0; eh.e_shoff != 0 && i < kernel.count; ++i) {
    const Segment& s = kernel.segments[i];
    uint64_t bytes = uint64_t(eh.e_shnum) * eh.e_shentsize;
    if (eh.e_shoff >= s.offset && eh.e_shoff - s.offset + bytes <= s.filesz &&
        bytes <= kbuild_limits::kMaxMultibootSectionHeaderBytes) {
      in.sections_table = s.vaddr + (eh.e_shoff - s.offset);
      in.sections_count = eh.e_shnum;
      in.sections_entry_size = eh.e_shentsize;
      in.sections_names_index = eh.e_shstrndx;
    }
  }
  return in;
}

void multiboot_enter(const Kernel& kernel, uint64_t block, const MultibootInputs& in) {
  bool multiboot2 = in.manifest->protocol == KBUILD_PROTOCOL_MULTIBOOT2;
  if (multiboot2) {
    write_multiboot2_info(block, in);
  } else {
    write_multiboot1_info(block, in);
  }
  enter_multiboot(static_cast<uint32_t>(kernel.entry),
                  multiboot2 ? multiboot::kMultiboot2LoaderMagic : multiboot::kMultiboot1LoaderMagic,
                  static_cast<uint32_t>(block));
}
