// Builds small ELF64 files in memory for tests: a header, program headers and each segment's
// bytes, every field open to corruption. bad_elf(name) gives the bytes of one broken kernel by
// name, so command-line tests can write it to a file and check kbuild's message.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "image/elf.h"

namespace kbuild::testing {

struct TestSegment {
  uint32_t type = elf::PT_LOAD;
  uint32_t flags = elf::PF_R | elf::PF_X;
  uint64_t vaddr = 0, paddr = 0, memsz = 0, align = 0x1000;
  std::vector<uint8_t> data;       // the file bytes; filesz is their size unless overridden
  std::optional<uint64_t> offset;  // overrides where the bytes are said to be
  std::optional<uint64_t> filesz;  // overrides p_filesz
};

struct ElfBuilder {
  elf::Elf64_Ehdr ehdr{};
  std::vector<TestSegment> segments;

  ElfBuilder() {
    const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', elf::ELFCLASS64, elf::ELFDATA2LSB, 1};
    std::copy(std::begin(ident), std::end(ident), ehdr.e_ident);
    ehdr.e_type = elf::ET_EXEC;
    ehdr.e_machine = elf::EM_X86_64;
    ehdr.e_version = 1;
    ehdr.e_phoff = sizeof(elf::Elf64_Ehdr);
    ehdr.e_ehsize = sizeof(elf::Elf64_Ehdr);
    ehdr.e_phentsize = sizeof(elf::Elf64_Phdr);
  }

  // Adds a segment; memsz defaults to the data's size and paddr to vaddr.
  ElfBuilder& add(TestSegment s) {
    if (s.memsz == 0) s.memsz = s.data.size();
    if (s.paddr == 0) s.paddr = s.vaddr;
    segments.push_back(std::move(s));
    return *this;
  }
  ElfBuilder& load(uint32_t flags, uint64_t vaddr, std::vector<uint8_t> data, uint64_t memsz = 0,
                   uint64_t paddr = 0) {
    TestSegment s;
    s.flags = flags;
    s.vaddr = vaddr;
    s.paddr = paddr;
    s.memsz = memsz;
    s.data = std::move(data);
    return add(std::move(s));
  }
  ElfBuilder& other(uint32_t type, uint32_t flags, uint64_t vaddr, uint64_t align,
                    std::vector<uint8_t> data = {}) {
    TestSegment s;
    s.type = type;
    s.flags = flags;
    s.vaddr = vaddr;
    s.align = align;
    s.data = std::move(data);
    return add(std::move(s));
  }

  // Header, then the program headers (unless e_phoff was moved), then each segment's bytes at
  // the next 16-byte boundary. e_phnum follows the segments unless `phnum` says otherwise.
  std::vector<uint8_t> build(std::optional<uint16_t> phnum = std::nullopt) const {
    elf::Elf64_Ehdr h = ehdr;
    h.e_phnum = phnum ? *phnum : static_cast<uint16_t>(segments.size());
    uint64_t table_end = sizeof(elf::Elf64_Ehdr) + segments.size() * sizeof(elf::Elf64_Phdr);
    std::vector<uint8_t> out(table_end);
    elf::write_struct(std::span<uint8_t>(out), 0, h);
    for (size_t i = 0; i < segments.size(); ++i) {
      const TestSegment& s = segments[i];
      uint64_t at = (out.size() + 15) & ~uint64_t{15};
      out.resize(at + s.data.size());
      std::copy(s.data.begin(), s.data.end(), out.begin() + at);
      elf::Elf64_Phdr ph{};
      ph.p_type = s.type;
      ph.p_flags = s.flags;
      ph.p_offset = s.offset ? *s.offset : at;
      ph.p_vaddr = s.vaddr;
      ph.p_paddr = s.paddr;
      ph.p_filesz = s.filesz ? *s.filesz : s.data.size();
      ph.p_memsz = s.memsz;
      ph.p_align = s.align;
      elf::write_struct(std::span<uint8_t>(out), sizeof(elf::Elf64_Ehdr) + i * sizeof(elf::Elf64_Phdr), ph);
    }
    return out;
  }
};

inline std::vector<uint8_t> filled(size_t n, uint8_t value = 0x90) { return std::vector<uint8_t>(n, value); }

// A kernel linked at 0xffffffff80000000 (text, rodata, data + bss), entry at the start of text.
inline ElfBuilder higher_half_kernel() {
  ElfBuilder b;
  const uint64_t base = 0xffffffff80000000;
  b.ehdr.e_entry = base;
  b.load(elf::PF_R | elf::PF_X, base, filled(64), 0, 0x200000);
  b.load(elf::PF_R, base + 0x1000, filled(32, 0x41), 0, 0x201000);
  b.load(elf::PF_R | elf::PF_W, base + 0x2000, filled(16, 0x7), 0x3000, 0x202000);
  return b;
}

// A kernel linked and placed at 2 MiB, identity mapped.
inline ElfBuilder low_kernel() {
  ElfBuilder b;
  b.ehdr.e_entry = 0x200010;
  b.load(elf::PF_R | elf::PF_X, 0x200000, filled(64));
  b.load(elf::PF_R | elf::PF_W, 0x201000, filled(16, 0x7), 0x2000);
  return b;
}

inline std::vector<uint8_t> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

// Every broken kernel bad_elf() knows, by name.
inline const std::vector<std::string>& bad_elf_names() {
  static const std::vector<std::string> names = {"empty",
                                                 "text",
                                                 "script",
                                                 "pe",
                                                 "macho",
                                                 "garbage",
                                                 "truncated_header",
                                                 "elf32",
                                                 "big_endian",
                                                 "aarch64",
                                                 "riscv",
                                                 "i386",
                                                 "relocatable",
                                                 "pie",
                                                 "linux_program",
                                                 "dynamic",
                                                 "static_linux_program",
                                                 "no_load",
                                                 "entry_in_data",
                                                 "entry_outside",
                                                 "entry_zero",
                                                 "segment_past_end",
                                                 "filesz_over_memsz",
                                                 "overlap_virtual",
                                                 "overlap_physical",
                                                 "non_canonical",
                                                 "canonical_hole",
                                                 "wraps",
                                                 "low_memory",
                                                 "phdrs_past_end",
                                                 "bad_phentsize",
                                                 "too_many_phdrs",
                                                 "pn_xnum",
                                                 "bad_ehsize",
                                                 "huge_segment",
                                                 "bad_align"};
  return names;
}

// The bytes of the broken kernel called `name` (see bad_elf_names()); empty for an unknown name
// and for "empty".
inline std::vector<uint8_t> bad_elf(std::string_view name) {
  ElfBuilder b = higher_half_kernel();
  const uint64_t base = 0xffffffff80000000;
  auto header_only = [](ElfBuilder& e) { return e.build(); };
  if (name == "empty") return {};
  if (name == "text") return bytes_of("This is not a kernel.\nJust notes.\n");
  if (name == "script") return bytes_of("#!/bin/sh\nexec qemu-system-x86_64 \"$@\"\n");
  if (name == "pe") {
    auto v = filled(128, 0);
    v[0] = 'M';
    v[1] = 'Z';
    return v;
  }
  if (name == "macho") {
    auto v = filled(64, 0);
    v[0] = 0xcf;
    v[1] = 0xfa;
    v[2] = 0xed;
    v[3] = 0xfe;
    return v;
  }
  if (name == "garbage") return {0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x80, 0x81};
  if (name == "truncated_header") {
    auto v = b.build();
    v.resize(40);
    return v;
  }
  if (name == "elf32") {
    b.ehdr.e_ident[elf::EI_CLASS] = elf::ELFCLASS32;
    return b.build();
  }
  if (name == "big_endian") {
    b.ehdr.e_ident[elf::EI_DATA] = elf::ELFDATA2MSB;
    return b.build();
  }
  if (name == "aarch64") {
    b.ehdr.e_machine = 183;
    return b.build();
  }
  if (name == "riscv") {
    b.ehdr.e_machine = 243;
    return b.build();
  }
  if (name == "i386") {
    b.ehdr.e_machine = 3;
    return b.build();
  }
  if (name == "relocatable") {
    ElfBuilder o;
    o.ehdr.e_type = elf::ET_REL;
    o.ehdr.e_phoff = 0;
    return header_only(o);
  }
  if (name == "pie") {
    ElfBuilder p;
    p.ehdr.e_type = elf::ET_DYN;
    p.ehdr.e_entry = 0x1000;
    p.load(elf::PF_R | elf::PF_X, 0x1000, filled(64));
    return p.build();
  }
  if (name == "linux_program" || name == "dynamic") {
    ElfBuilder p;
    p.ehdr.e_type = elf::ET_DYN;
    p.ehdr.e_entry = 0x1040;
    if (name == "linux_program")
      p.other(elf::PT_INTERP, elf::PF_R, 0x318, 1,
              bytes_of(std::string_view("/lib64/ld-linux-x86-64.so.2\0", 28)));
    p.load(elf::PF_R | elf::PF_X, 0x1000, filled(0x100));
    p.other(elf::PT_DYNAMIC, elf::PF_R | elf::PF_W, 0x3dd0, 8, filled(32, 0));
    return p.build();
  }
  if (name == "static_linux_program") {
    ElfBuilder p;
    p.ehdr.e_entry = 0x401000;
    // glibc's ABI tag: namesz 4, descsz 16, type 1, "GNU\0", then OS 0 (Linux) and version 3.2.0.
    std::vector<uint8_t> note = {4, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 'G', 'N', 'U', 0,
                                 0, 0, 0, 0, 3,  0, 0, 0, 2, 0, 0, 0, 0,   0,   0,   0};
    p.other(elf::PT_NOTE, elf::PF_R, 0x4002c8, 4, note);
    p.load(elf::PF_R | elf::PF_X, 0x401000, filled(64));
    return p.build();
  }
  if (name == "no_load") {
    ElfBuilder p;
    p.ehdr.e_entry = 0x200000;
    p.other(0x6474e551 /* PT_GNU_STACK */, elf::PF_R | elf::PF_W, 0, 16);
    return p.build();
  }
  if (name == "entry_in_data") {
    b.ehdr.e_entry = base + 0x2008;
    return b.build();
  }
  if (name == "entry_outside") {
    b.ehdr.e_entry = base + 0x100000;
    return b.build();
  }
  if (name == "entry_zero") {
    b.ehdr.e_entry = 0;
    return b.build();
  }
  if (name == "segment_past_end") {
    b.segments[1].filesz = 0x10000;
    b.segments[1].memsz = 0x10000;
    return b.build();
  }
  if (name == "filesz_over_memsz") {
    b.segments[1].memsz = 8;
    return b.build();
  }
  if (name == "overlap_virtual") {
    b.segments[1].vaddr = base + 0x20;
    return b.build();
  }
  if (name == "overlap_physical") {
    ElfBuilder p = low_kernel();
    p.segments[1].paddr = 0x200020;
    return p.build();
  }
  if (name == "non_canonical") {
    b.segments[1].vaddr = 0x0000900000000000;
    return b.build();
  }
  if (name == "canonical_hole") {
    b.segments[1].vaddr = 0x00007ffffffff000;
    b.segments[1].memsz = 0x2000;
    return b.build();
  }
  if (name == "wraps") {
    b.segments[2].vaddr = 0xfffffffffffff000;
    b.segments[2].memsz = 0x2000;
    return b.build();
  }
  if (name == "low_memory") {
    ElfBuilder p = low_kernel();
    p.load(elf::PF_R, 0x80000, filled(16));
    return p.build();
  }
  if (name == "phdrs_past_end") {
    auto v = b.build();
    v.resize(64 + 56 + 20);
    return v;
  }
  if (name == "bad_phentsize") {
    b.ehdr.e_phentsize = 32;
    return b.build();
  }
  if (name == "too_many_phdrs") return b.build(2000);
  if (name == "pn_xnum") return b.build(elf::PN_XNUM);
  if (name == "bad_ehsize") {
    b.ehdr.e_ehsize = 52;
    return b.build();
  }
  if (name == "huge_segment") {
    b.segments[2].memsz = uint64_t{1} << 40;
    return b.build();
  }
  if (name == "bad_align") {
    b.segments[0].align = 0x3000;
    return b.build();
  }
  return {};
}

}  // namespace kbuild::testing
