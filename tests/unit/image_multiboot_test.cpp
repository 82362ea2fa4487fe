// Multiboot headers read and Multiboot kernels packed (src/image/multiboot_kernel.h): what is
// refused at image time, in one line, and the one physical segment the loader gets.
#include <gtest/gtest.h>

#include <cstring>

#include "image/elf.h"
#include "image/multiboot_kernel.h"
#include "unit/elf_builder.h"

namespace kbuild {
namespace {

using testing::ElfBuilder;

constexpr uint32_t kMb2 = 0xE85250D6;

void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  if (b.size() < at + 4) b.resize(at + 4);
  std::memcpy(b.data() + at, &v, 4);
}
void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
  if (b.size() < at + 2) b.resize(at + 2);
  std::memcpy(b.data() + at, &v, 2);
}

// A Multiboot2 header at 0 with `tags` (raw bytes, 8-byte aligned each) and an end tag of
// `end_size` bytes (8, or 6 for a 16-bit size field).
std::vector<uint8_t> mb2_header(const std::vector<uint8_t>& tags, uint32_t end_size = 8) {
  std::vector<uint8_t> b(16);
  b.insert(b.end(), tags.begin(), tags.end());
  size_t end = b.size();
  put16(b, end, 0);
  put16(b, end + 2, 0);
  if (end_size == 8) {
    put32(b, end + 4, 8);
  } else {
    put16(b, end + 4, 8);
  }
  uint32_t length = static_cast<uint32_t>(b.size());
  put32(b, 0, kMb2);
  put32(b, 4, 0);
  put32(b, 8, length);
  put32(b, 12, 0u - (kMb2 + length));
  return b;
}

std::vector<uint8_t> tag(uint16_t type, uint16_t flags, std::vector<uint32_t> fields) {
  std::vector<uint8_t> t(8 + 4 * fields.size());
  put16(t, 0, type);
  put16(t, 2, flags);
  put32(t, 4, static_cast<uint32_t>(t.size()));
  for (size_t i = 0; i < fields.size(); ++i) put32(t, 8 + 4 * i, fields[i]);
  t.resize((t.size() + 7) & ~size_t(7));
  return t;
}

std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

ProtocolInfo mb2_at(uint32_t offset) {
  ProtocolInfo info;
  info.protocol = BootProtocol::multiboot2;
  info.header_offset = offset;
  return info;
}

bool read(const std::vector<uint8_t>& bytes, MultibootRequest* r, std::string* err,
          ProtocolInfo info = mb2_at(0)) {
  return read_multiboot_header(bytes, info, r, err);
}

TEST(MultibootHeader, ShortEndTagIsTheEnd) {
  MultibootRequest r;
  std::string err;
  EXPECT_TRUE(read(mb2_header(tag(5, 0, {800, 600, 32}), 6), &r, &err)) << err;
  EXPECT_TRUE(r.framebuffer);
  EXPECT_EQ(r.width, 800u);
  EXPECT_EQ(r.height, 600u);
  EXPECT_EQ(r.depth, 32u);
}

TEST(MultibootHeader, RequiredRequestForATagNotGivenIsRefusedInOneLine) {
  MultibootRequest r;
  std::string err;
  EXPECT_FALSE(read(mb2_header(tag(1, 0, {1, 6, 13})), &r, &err));
  EXPECT_NE(err.find("requires information tag 13"), std::string::npos) << err;
  EXPECT_NE(err.find("optional"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), std::string::npos);
}

TEST(MultibootHeader, OptionalRequestForATagNotGivenIsAccepted) {
  MultibootRequest r;
  std::string err;
  EXPECT_TRUE(read(mb2_header(tag(1, 1, {13, 10})), &r, &err)) << err;
}

TEST(MultibootHeader, RequiredEfiBootServicesTagIsRefused) {
  MultibootRequest r;
  std::string err;
  EXPECT_FALSE(read(mb2_header(tag(7, 0, {})), &r, &err));
  EXPECT_NE(err.find("EFI boot services"), std::string::npos) << err;
  EXPECT_TRUE(read(mb2_header(tag(7, 1, {})), &r, &err)) << err;
}

TEST(MultibootHeader, UnknownRequiredHeaderTagIsRefusedAndUnknownOptionalOneIgnored) {
  MultibootRequest r;
  std::string err;
  EXPECT_FALSE(read(mb2_header(tag(42, 0, {})), &r, &err));
  EXPECT_NE(err.find("required tag of type 42"), std::string::npos) << err;
  EXPECT_TRUE(read(mb2_header(tag(42, 1, {})), &r, &err)) << err;
}

TEST(MultibootHeader, KnownTagsAreRead) {
  MultibootRequest r;
  std::string err;
  auto tags = concat({tag(2, 0, {0x100000, 0x100000, 0x101000, 0x102000}), tag(3, 0, {0x100040}), tag(4, 0, {2}),
                      tag(6, 0, {}), tag(10, 0, {0x100000, 0x1000000, 4096, 0})});
  ASSERT_TRUE(read(mb2_header(tags), &r, &err)) << err;
  EXPECT_TRUE(r.address_fields);
  EXPECT_EQ(r.load_end_addr, 0x101000u);
  EXPECT_EQ(r.bss_end_addr, 0x102000u);
  EXPECT_TRUE(r.entry_given);
  EXPECT_EQ(r.entry, 0x100040u);
  EXPECT_FALSE(r.framebuffer);
}

TEST(MultibootHeader, TagRunningPastTheHeaderIsRefused) {
  std::vector<uint8_t> b = mb2_header(tag(5, 0, {800, 600, 32}));
  put32(b, 16 + 4, 200);  // the framebuffer tag's size
  MultibootRequest r;
  std::string err;
  EXPECT_FALSE(read(b, &r, &err));
  EXPECT_NE(err.find("does not fit the header"), std::string::npos) << err;
}

TEST(MultibootHeader, Multiboot1UnknownRequiredFlagIsRefusedAndVideoModeRead) {
  ProtocolInfo info;
  info.protocol = BootProtocol::multiboot1;
  std::vector<uint8_t> b(48);
  auto header = [&](uint32_t flags) {
    put32(b, 0, 0x1BADB002);
    put32(b, 4, flags);
    put32(b, 8, 0u - (0x1BADB002 + flags));
  };
  MultibootRequest r;
  std::string err;
  header(1u << 5);
  EXPECT_FALSE(read(b, &r, &err, info));
  EXPECT_NE(err.find("requires flags 0x20"), std::string::npos) << err;
  header((1u << 2) | (1u << 17));  // bits 16..31 are not requirements
  put32(b, 32, 0);
  put32(b, 36, 1024);
  put32(b, 40, 768);
  put32(b, 44, 24);
  ASSERT_TRUE(read(b, &r, &err, info)) << err;
  EXPECT_TRUE(r.framebuffer);
  EXPECT_EQ(r.width, 1024u);
  EXPECT_EQ(r.depth, 24u);
  put32(b, 32, 1);  // EGA text: no graphics mode
  ASSERT_TRUE(read(b, &r, &err, info)) << err;
  EXPECT_FALSE(r.framebuffer);
}

elf::Elf64_Phdr packed_segment(const PackedKernel& k, elf::Elf64_Ehdr* eh) {
  elf::Elf64_Phdr ph{};
  EXPECT_TRUE(elf::read_struct(std::span<const uint8_t>(k.headers), 0, eh));
  EXPECT_EQ(eh->e_phnum, 1);
  EXPECT_TRUE(elf::read_struct(std::span<const uint8_t>(k.headers), sizeof(elf::Elf64_Ehdr), &ph));
  return ph;
}

TEST(MultibootPack, SegmentsSharingAPageBecomeOnePhysicalSegment) {
  ElfBuilder b;
  b.load(elf::PF_R | elf::PF_X, 0x100000, std::vector<uint8_t>(0x40, 0x90));
  b.load(elf::PF_R | elf::PF_W, 0x100040, std::vector<uint8_t>(0x20, 0x11), 0x1000);
  b.ehdr.e_entry = 0x100000;
  std::vector<uint8_t> bytes = b.build();
  PackedKernel k;
  std::string err;
  ASSERT_TRUE(pack_multiboot_kernel(bytes, mb2_at(0), {}, &k, &err)) << err;
  elf::Elf64_Ehdr eh;
  elf::Elf64_Phdr ph = packed_segment(k, &eh);
  EXPECT_EQ(ph.p_vaddr, 0x100000u);
  EXPECT_EQ(ph.p_paddr, 0x100000u);
  EXPECT_EQ(ph.p_filesz, 0x60u);
  EXPECT_EQ(ph.p_memsz, 0x1040u);
  EXPECT_EQ(ph.p_offset % 4096, 0u);
  EXPECT_EQ(eh.e_entry, 0x100000u);
  ASSERT_EQ(k.segments.size(), 2u);
  EXPECT_EQ(k.segments[1].packed_offset - k.segments[0].packed_offset, 0x40u);
}

TEST(MultibootPack, HigherHalfSegmentLoadsAtItsPhysicalAddressAndTheEntryMovesWithIt) {
  ElfBuilder b;
  b.load(elf::PF_R | elf::PF_X, 0xC0100000, std::vector<uint8_t>(0x100, 0x90), 0, 0x100000);
  b.ehdr.e_entry = 0xC0100010;
  std::vector<uint8_t> bytes = b.build();
  PackedKernel k;
  std::string err;
  ASSERT_TRUE(pack_multiboot_kernel(bytes, mb2_at(0), {}, &k, &err)) << err;
  elf::Elf64_Ehdr eh;
  elf::Elf64_Phdr ph = packed_segment(k, &eh);
  EXPECT_EQ(ph.p_vaddr, 0x100000u);
  EXPECT_EQ(eh.e_entry, 0x100010u);
}

TEST(MultibootPack, EntryTagWins) {
  ElfBuilder b;
  b.load(elf::PF_R | elf::PF_X, 0x100000, std::vector<uint8_t>(0x100, 0x90));
  b.ehdr.e_entry = 0x100000;
  std::vector<uint8_t> bytes = b.build();
  MultibootRequest r;
  r.entry_given = true;
  r.entry = 0x100080;
  PackedKernel k;
  std::string err;
  ASSERT_TRUE(pack_multiboot_kernel(bytes, mb2_at(0), r, &k, &err)) << err;
  elf::Elf64_Ehdr eh;
  packed_segment(k, &eh);
  EXPECT_EQ(eh.e_entry, 0x100080u);
}

TEST(MultibootPack, OverlappingOrLowOrHighSegmentsAreRefusedInOneLine) {
  auto refuse = [](ElfBuilder b, const std::string& words) {
    std::vector<uint8_t> bytes = b.build();
    PackedKernel k;
    std::string err;
    EXPECT_FALSE(pack_multiboot_kernel(bytes, mb2_at(0), {}, &k, &err));
    EXPECT_NE(err.find(words), std::string::npos) << err;
    EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  };
  ElfBuilder overlap;
  overlap.load(elf::PF_R | elf::PF_X, 0x100000, std::vector<uint8_t>(0x100, 1));
  overlap.load(elf::PF_R | elf::PF_W, 0x100080, std::vector<uint8_t>(0x100, 2));
  overlap.ehdr.e_entry = 0x100000;
  refuse(overlap, "overlap in physical memory");
  ElfBuilder low;
  low.load(elf::PF_R | elf::PF_X, 0x8000, std::vector<uint8_t>(0x100, 1));
  low.ehdr.e_entry = 0x8000;
  refuse(low, "lies in the first MiB");
  ElfBuilder high;
  high.load(elf::PF_R | elf::PF_X, 0xffff0000, std::vector<uint8_t>(0x100, 1), 0x20000);
  high.ehdr.e_entry = 0xffff0000;
  refuse(high, "beyond 4 GiB");
}

TEST(MultibootPack, AddressFieldsLoadARawFile) {
  // A flat binary: the header at offset 0x20, loaded at 0x100000, with 0x1000 bytes of .bss.
  std::vector<uint8_t> bytes(0x200, 0x90);
  MultibootRequest r;
  r.address_fields = true;
  r.header_addr = 0x100020;
  r.load_addr = 0x100000;
  r.load_end_addr = 0;
  r.bss_end_addr = 0x101200;
  r.entry_given = true;
  r.entry = 0x100100;
  PackedKernel k;
  std::string err;
  ASSERT_TRUE(pack_multiboot_kernel(bytes, mb2_at(0x20), r, &k, &err)) << err;
  elf::Elf64_Ehdr eh;
  elf::Elf64_Phdr ph = packed_segment(k, &eh);
  EXPECT_EQ(ph.p_vaddr, 0x100000u);
  EXPECT_EQ(ph.p_filesz, 0x200u);
  EXPECT_EQ(ph.p_memsz, 0x1200u);
  ASSERT_EQ(k.segments.size(), 1u);
  EXPECT_EQ(k.segments[0].source_offset, 0u);
  r.header_addr = 0x100040;  // the load would start before the file
  EXPECT_FALSE(pack_multiboot_kernel(bytes, mb2_at(0x20), r, &k, &err));
  EXPECT_NE(err.find("lies before the file's start"), std::string::npos) << err;
}

TEST(MultibootHeader, RequiredElfSectionsTagIsAcceptedAndRemembered) {
  MultibootRequest r;
  std::string err;
  ASSERT_TRUE(read(mb2_header(tag(1, 0, {9})), &r, &err)) << err;
  EXPECT_TRUE(r.elf_sections_required);
  ASSERT_TRUE(read(mb2_header(tag(1, 1, {9})), &r, &err)) << err;
  EXPECT_FALSE(r.elf_sections_required);  // optional: a wish
}

// An ELF64 file with a section header table after its contents: a null section, .symtab (two
// symbols), .strtab and .shstrtab, none of them loaded.
std::vector<uint8_t> with_symbols(std::vector<uint8_t> bytes) {
  auto append = [&](const std::vector<uint8_t>& data) {
    while (bytes.size() % 8) bytes.push_back(0);
    uint64_t at = bytes.size();
    bytes.insert(bytes.end(), data.begin(), data.end());
    return at;
  };
  std::vector<uint8_t> strtab = {0, 'k', 'm', 'a', 'i', 'n', 0};
  std::vector<uint8_t> names = {0};
  auto name = [&](const char* n) {
    uint32_t at = static_cast<uint32_t>(names.size());
    names.insert(names.end(), n, n + std::strlen(n) + 1);
    return at;
  };
  uint32_t symtab_name = name(".symtab"), strtab_name = name(".strtab"), names_name = name(".shstrtab");
  std::vector<uint8_t> symtab(48, 0);
  elf::Elf64_Sym kmain{};
  kmain.st_name = 1;
  kmain.st_value = 0x100010;
  std::memcpy(symtab.data() + 24, &kmain, sizeof(kmain));
  uint64_t symtab_at = append(symtab), strtab_at = append(strtab), names_at = append(names);
  std::vector<elf::Elf64_Shdr> sh(4);
  sh[1] = {symtab_name, elf::SHT_SYMTAB, 0, 0, symtab_at, symtab.size(), 2, 1, 8, 24};
  sh[2] = {strtab_name, elf::SHT_STRTAB, 0, 0, strtab_at, strtab.size(), 0, 0, 1, 0};
  sh[3] = {names_name, elf::SHT_STRTAB, 0, 0, names_at, names.size(), 0, 0, 1, 0};
  uint64_t table = append(std::vector<uint8_t>(sh.size() * sizeof(elf::Elf64_Shdr)));
  std::memcpy(bytes.data() + table, sh.data(), sh.size() * sizeof(elf::Elf64_Shdr));
  elf::Elf64_Ehdr eh;
  EXPECT_TRUE(elf::read_struct(std::span<const uint8_t>(bytes), 0, &eh));
  eh.e_shoff = table;
  eh.e_shentsize = sizeof(elf::Elf64_Shdr);
  eh.e_shnum = 4;
  eh.e_shstrndx = 3;
  elf::write_struct(std::span<uint8_t>(bytes), 0, eh);
  return bytes;
}

TEST(MultibootPack, SectionHeadersAndSymbolsGoInASecondSegmentAfterTheKernel) {
  ElfBuilder b;
  b.load(elf::PF_R | elf::PF_X, 0x100000, std::vector<uint8_t>(0x100, 0x90), 0x3000);
  b.ehdr.e_entry = 0x100000;
  std::vector<uint8_t> bytes = with_symbols(b.build());
  PackedKernel k;
  std::string err;
  ASSERT_TRUE(pack_multiboot_kernel(bytes, mb2_at(0), {}, &k, &err)) << err;
  std::span<const uint8_t> headers(k.headers);
  elf::Elf64_Ehdr eh;
  ASSERT_TRUE(elf::read_struct(headers, 0, &eh));
  ASSERT_EQ(eh.e_phnum, 2);
  EXPECT_EQ(eh.e_shoff, 4096u);
  EXPECT_EQ(eh.e_shentsize, sizeof(elf::Elf64_Shdr));
  EXPECT_EQ(eh.e_shnum, 4);
  EXPECT_EQ(eh.e_shstrndx, 3);
  elf::Elf64_Phdr kernel, sections;
  ASSERT_TRUE(elf::read_struct(headers, sizeof(eh), &kernel));
  ASSERT_TRUE(elf::read_struct(headers, sizeof(eh) + sizeof(kernel), &sections));
  EXPECT_EQ(kernel.p_paddr, 0x100000u);
  EXPECT_EQ(kernel.p_offset, 8192u);  // after the headers' page and the sections' page
  EXPECT_EQ(sections.p_offset, 4096u);
  EXPECT_EQ(sections.p_paddr, 0x103000u);  // the page after the kernel's .bss
  EXPECT_EQ(sections.p_filesz, k.headers.size() - 4096);
  EXPECT_EQ(k.segments.size(), 1u);
  EXPECT_EQ(k.segments[0].packed_offset, 8192u);
  // Each loaded section's sh_addr names where its bytes are once the segment is at its home.
  auto at_address = [&](uint64_t addr) { return k.headers.data() + 4096 + (addr - sections.p_paddr); };
  std::vector<elf::Elf64_Shdr> sh(4);
  std::memcpy(sh.data(), k.headers.data() + 4096, 4 * sizeof(elf::Elf64_Shdr));
  for (int i = 1; i < 4; ++i) {
    ASSERT_GE(sh[i].sh_addr, sections.p_paddr) << i;
    ASSERT_LE(sh[i].sh_addr + sh[i].sh_size, sections.p_paddr + sections.p_filesz) << i;
    EXPECT_EQ(sh[i].sh_addr % 8, 0u) << i;
    EXPECT_EQ(std::memcmp(at_address(sh[i].sh_addr), bytes.data() + sh[i].sh_offset, sh[i].sh_size), 0) << i;
  }
  elf::Elf64_Sym kmain;
  std::memcpy(&kmain, at_address(sh[1].sh_addr) + 24, sizeof(kmain));
  EXPECT_STREQ(reinterpret_cast<const char*>(at_address(sh[2].sh_addr)) + kmain.st_name, "kmain");
  EXPECT_STREQ(reinterpret_cast<const char*>(at_address(sh[3].sh_addr)) + sh[1].sh_name, ".symtab");
}

TEST(MultibootPack, RequiredElfSectionsWithoutSectionHeadersAreRefusedInOneLine) {
  ElfBuilder b;
  b.load(elf::PF_R | elf::PF_X, 0x100000, std::vector<uint8_t>(0x100, 0x90));
  b.ehdr.e_entry = 0x100000;
  std::vector<uint8_t> bytes = b.build();
  MultibootRequest r;
  r.elf_sections_required = true;
  PackedKernel k;
  std::string err;
  EXPECT_FALSE(pack_multiboot_kernel(bytes, mb2_at(0), r, &k, &err));
  EXPECT_NE(err.find("requires information tag 9 (ELF sections), but the file has no section headers"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  // Not required: the kernel is packed as before, one segment.
  ASSERT_TRUE(pack_multiboot_kernel(bytes, mb2_at(0), {}, &k, &err)) << err;
  elf::Elf64_Ehdr eh;
  packed_segment(k, &eh);
  EXPECT_EQ(eh.e_shoff, 0u);
}

TEST(MultibootPack, SectionHeadersRunningPastTheFileAreRefused) {
  ElfBuilder b;
  b.load(elf::PF_R | elf::PF_X, 0x100000, std::vector<uint8_t>(0x100, 0x90));
  b.ehdr.e_entry = 0x100000;
  std::vector<uint8_t> bytes = with_symbols(b.build());
  elf::Elf64_Ehdr eh;
  ASSERT_TRUE(elf::read_struct(std::span<const uint8_t>(bytes), 0, &eh));
  eh.e_shnum = 200;
  elf::write_struct(std::span<uint8_t>(bytes), 0, eh);
  PackedKernel k;
  std::string err;
  EXPECT_FALSE(pack_multiboot_kernel(bytes, mb2_at(0), {}, &k, &err));
  EXPECT_NE(err.find("section headers run past the end of the file"), std::string::npos) << err;
}

// Sections that overlap in the file (a crafted one) would be copied again and again.
TEST(MultibootPack, SectionsSharingTheFilesBytesAreRefused) {
  ElfBuilder b;
  b.load(elf::PF_R | elf::PF_X, 0x100000, std::vector<uint8_t>(0x100, 0x90));
  b.ehdr.e_entry = 0x100000;
  std::vector<uint8_t> bytes = with_symbols(b.build());
  elf::Elf64_Ehdr eh;
  ASSERT_TRUE(elf::read_struct(std::span<const uint8_t>(bytes), 0, &eh));
  // Every section a symbol table covering the whole file, each linking to the next.
  for (uint64_t i = 1; i < eh.e_shnum; ++i) {
    elf::Elf64_Shdr sh;
    ASSERT_TRUE(elf::read_struct(std::span<const uint8_t>(bytes), eh.e_shoff + i * sizeof(sh), &sh));
    sh.sh_type = elf::SHT_SYMTAB;
    sh.sh_offset = 0;
    sh.sh_size = bytes.size();
    sh.sh_link = static_cast<uint32_t>(i % (eh.e_shnum - 1) + 1);
    elf::write_struct(std::span<uint8_t>(bytes), eh.e_shoff + i * sizeof(sh), sh);
  }
  PackedKernel k;
  std::string err;
  EXPECT_FALSE(pack_multiboot_kernel(bytes, mb2_at(0), {}, &k, &err));
  EXPECT_NE(err.find("give sections that share the file's bytes"), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild
