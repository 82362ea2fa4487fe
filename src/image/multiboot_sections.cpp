// The kernel's ELF sections for the Multiboot information (multiboot_kernel.h).
#include <cstring>

#include <fmt/format.h>

#include "boot_limits.h"
#include "image/elf.h"
#include "image/multiboot_kernel.h"

namespace kbuild {

namespace {

constexpr uint32_t kShfAlloc = 2;
constexpr uint16_t kShnXindex = 0xffff;

// One section header of either class: where its fields sit, and reading and writing them.
struct ShdrLayout {
  bool elf64;
  uint32_t size() const { return elf64 ? 64 : 40; }
  uint64_t get(const uint8_t* h, int field) const {
    // Fields in order: name, type, flags, addr, offset, size, link, info, addralign, entsize.
    static constexpr uint8_t off32[] = {0, 4, 8, 12, 16, 20, 24, 28, 32, 36};
    static constexpr uint8_t off64[] = {0, 4, 8, 16, 24, 32, 40, 44, 48, 56};
    static constexpr uint8_t wide64[] = {0, 0, 1, 1, 1, 1, 0, 0, 1, 1};
    uint64_t v = 0;
    if (elf64) {
      std::memcpy(&v, h + off64[field], wide64[field] ? 8 : 4);
    } else {
      std::memcpy(&v, h + off32[field], 4);
    }
    return v;
  }
  void set_addr(uint8_t* h, uint64_t addr) const {
    if (elf64) {
      std::memcpy(h + 16, &addr, 8);
    } else {
      uint32_t a = static_cast<uint32_t>(addr);
      std::memcpy(h + 12, &a, 4);
    }
  }
};
enum Field { kName, kType, kFlags, kAddr, kOffset, kSize, kLink };

template <class T>
T load(std::span<const uint8_t> b, uint64_t at) {
  T v{};
  if (at <= b.size() && b.size() - at >= sizeof(T)) std::memcpy(&v, b.data() + at, sizeof(T));
  return v;
}

}  // namespace

bool collect_elf_sections(std::span<const uint8_t> b, uint64_t at, ElfSections* out, std::string* err) {
  *out = ElfSections{};
  if (b.size() < 64 || std::memcmp(b.data(), "\x7f" "ELF", 4) != 0) return true;
  ShdrLayout layout{b[4] == elf::ELFCLASS64};
  uint64_t shoff = layout.elf64 ? load<uint64_t>(b, 0x28) : load<uint32_t>(b, 0x20);
  uint16_t entsize = load<uint16_t>(b, layout.elf64 ? 0x3a : 0x2e);
  uint64_t count = load<uint16_t>(b, layout.elf64 ? 0x3c : 0x30);
  uint64_t names = load<uint16_t>(b, layout.elf64 ? 0x3e : 0x32);
  if (shoff == 0) return true;  // stripped of section headers: nothing to hand over
  auto bad = [&](const std::string& why) {
    *err = "the kernel's section headers " + why + ": fix the file, or strip its section headers (llvm-objcopy "
           "--strip-sections)";
    return false;
  };
  if (entsize != layout.size()) return bad(fmt::format("are {} bytes each, not {}", entsize, layout.size()));
  if (shoff > b.size() || b.size() - shoff < layout.size()) return bad("lie outside the file");
  // 0 sections with a table, or the names' index escaped: the real values are in section 0.
  if (count == 0) count = layout.get(b.data() + shoff, kSize);
  if (names == kShnXindex) names = layout.get(b.data() + shoff, kLink);
  if (count == 0) return true;
  uint64_t table = count * layout.size();
  if (count > b.size() / layout.size() || b.size() - shoff < table) return bad("run past the end of the file");
  if (table > kbuild_limits::kMaxMultibootSectionHeaderBytes)
    return bad(fmt::format("take {} bytes, more than the {} the loader hands over", table,
                           kbuild_limits::kMaxMultibootSectionHeaderBytes));
  if (names >= count) return bad(fmt::format("name their string table as section {} of {}", names, count));

  out->bytes.assign(b.begin() + shoff, b.begin() + shoff + table);
  out->count = static_cast<uint32_t>(count);
  out->entry_size = layout.size();
  out->names_index = static_cast<uint32_t>(names);

  // Loaded as GRUB loads them: the section names, every symbol table and the string table it
  // links to, when no PT_LOAD holds them (sh_addr 0), each at the address written into its
  // sh_addr in the copied table.
  std::vector<bool> wanted(count, false);
  wanted[names] = true;
  for (uint64_t i = 0; i < count; ++i) {
    const uint8_t* h = out->bytes.data() + i * layout.size();
    if (layout.get(h, kType) != elf::SHT_SYMTAB) continue;
    wanted[i] = true;
    if (uint64_t link = layout.get(h, kLink); link < count) wanted[link] = true;
  }
  uint64_t loaded = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint8_t* h = out->bytes.data() + i * layout.size();
    uint64_t offset = layout.get(h, kOffset), size = layout.get(h, kSize);
    if (!wanted[i] || size == 0 || layout.get(h, kAddr) != 0 || (layout.get(h, kFlags) & kShfAlloc) ||
        layout.get(h, kType) == elf::SHT_NOBITS)
      continue;
    if (offset > b.size() || b.size() - offset < size)
      return bad(fmt::format("give section {} {:#x} bytes at offset {:#x}, past the end of the file", i, size, offset));
    // Sections of a real file do not share bytes, so together they are no larger than it.
    if ((loaded += size) > b.size())
      return bad(fmt::format("give sections that share the file's bytes (section {} among them)", i));
    uint64_t place = (out->bytes.size() + 7) & ~uint64_t(7);
    out->bytes.resize(place);
    out->bytes.insert(out->bytes.end(), b.begin() + offset, b.begin() + offset + size);
    h = out->bytes.data() + i * layout.size();  // the insert may have moved the table
    layout.set_addr(h, at + place);
  }
  return true;
}

}  // namespace kbuild
