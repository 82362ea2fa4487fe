// Multiboot2 and Multiboot1 kernels on the host: their header read and checked, and the kernel
// packed for kbuild's loader. The loader places a Multiboot kernel at its physical addresses
// with paging off, so the packed form is one PT_LOAD segment, at the physical address of the
// lowest byte loaded, covering every segment (the gaps and the inner .bss written as zeroes, the
// last segment's .bss left to the loader), with the physical entry point. An ELF kernel with
// section headers (Multiboot2 or Multiboot1, loaded by its program headers) gets a second one,
// on the pages after the first: its section header table, then the sections no PT_LOAD holds that
// a kernel needs to read its own symbols (see collect_elf_sections), with sh_addr rewritten to
// where they land. The packed ELF header's e_shoff (the table's file offset, inside that second
// segment), e_shentsize, e_shnum and e_shstrndx describe that table, in the kernel's own ELF
// class, for the loader's ELF-sections tag. GRUB gives that tag to every ELF kernel, asked or not;
// kbuild does the same. Anything a kernel
// requires that kbuild cannot give is refused here, with one line, never at boot time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "image/boot_protocol.h"
#include "image/kernel_pack.h"

namespace kbuild {

// What the kernel's header asks for, as far as the image writer must act on it.
struct MultibootRequest {
  // Where the loaded bytes come from: the ELF program headers, or the header's address fields
  // (Multiboot2 address tag, Multiboot1 flag 16), which name a file range and a .bss end.
  bool address_fields = false;
  uint32_t header_addr = 0, load_addr = 0, load_end_addr = 0, bss_end_addr = 0;
  bool entry_given = false;  // Multiboot2 entry address tag, Multiboot1 flag 16
  uint32_t entry = 0;
  bool framebuffer = false;  // a graphics mode is asked for (0: no preference)
  uint32_t width = 0, height = 0, depth = 0;
  bool elf_sections_required = false;  // the information request requires tag 9
};

// The section header table of an ELF32 or ELF64 file as it is, followed by the sections GRUB
// loads for a kernel's symbols (the section names, each SHT_SYMTAB and the string table it links
// to) that no PT_LOAD holds, each 8-byte aligned, their sh_addr in the copied table rewritten to
// `at` plus their offset in `bytes`. Empty for a file without section headers; false with *err
// (one line) for malformed ones.
struct ElfSections {
  std::vector<uint8_t> bytes;
  uint32_t count = 0, entry_size = 0, names_index = 0;
};
bool collect_elf_sections(std::span<const uint8_t> elf, uint64_t at, ElfSections* out, std::string* err);

// Reads the header at `info.header_offset`. On failure *err is one line without the file name.
bool read_multiboot_header(std::span<const uint8_t> elf, const ProtocolInfo& info,
                           MultibootRequest* out, std::string* err);

// Packs an ELF32 or ELF64 Multiboot kernel (see the top of this file).
bool pack_multiboot_kernel(std::span<const uint8_t> elf, const ProtocolInfo& info,
                           const MultibootRequest& request, PackedKernel* out, std::string* err);

}  // namespace kbuild
