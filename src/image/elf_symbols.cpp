#include "image/elf_symbols.h"

#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "image/elf.h"

namespace kbuild {
namespace {

constexpr uint64_t kShdrSize = sizeof(elf::Elf64_Shdr);
constexpr uint64_t kSymSize = sizeof(elf::Elf64_Sym);

bool fail(std::string* err, std::string message) {
  *err = std::move(message);
  return false;
}

bool in_file(std::span<const uint8_t> bytes, uint64_t offset, uint64_t size) {
  return offset <= bytes.size() && size <= bytes.size() - offset;
}

// The NUL-terminated string at `offset` inside the string table, or nothing when it is not
// terminated inside the table.
std::optional<std::string> table_string(std::span<const uint8_t> table, uint32_t offset) {
  if (offset >= table.size()) return std::nullopt;
  auto rest = table.subspan(offset);
  auto nul = std::find(rest.begin(), rest.end(), uint8_t{0});
  if (nul == rest.end()) return std::nullopt;
  return std::string(rest.begin(), nul);
}

struct Candidate {
  uint64_t address, size, section_end;
  bool is_func;
  std::string name;
};

}  // namespace

std::string demangle(const std::string& name) {
  if (name.rfind("_Z", 0) != 0) return name;
  int status = 0;
  char* text = abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status);
  if (status != 0 || !text) return name;
  std::string result(text);
  std::free(text);
  return result;
}

bool ElfSymbols::load(std::span<const uint8_t> bytes, std::string* err) {
  symbols_.clear();
  elf::Elf64_Ehdr eh;
  if (!elf::read_struct(bytes, 0, &eh) ||
      !std::equal(std::begin(elf::ELFMAG), std::end(elf::ELFMAG), eh.e_ident) ||
      eh.e_ident[elf::EI_CLASS] != elf::ELFCLASS64 || eh.e_ident[elf::EI_DATA] != elf::ELFDATA2LSB)
    return fail(err, "not a little-endian ELF64 file");

  // Section headers; a count of 0 with a table present means the count is in section 0.
  if (eh.e_shoff == 0) return fail(err, "no section headers, so no symbols: the file is stripped");
  if (eh.e_shentsize != kShdrSize)
    return fail(err, fmt::format("bad section header size e_shentsize={} (ELF64 uses {})", eh.e_shentsize,
                                 kShdrSize));
  uint64_t shnum = eh.e_shnum;
  if (shnum == 0) {
    elf::Elf64_Shdr first;
    if (!elf::read_struct(bytes, eh.e_shoff, &first))
      return fail(err, "truncated: section header 0 lies past the end of the file");
    shnum = first.sh_size;
  }
  if (shnum > bytes.size() / kShdrSize || !in_file(bytes, eh.e_shoff, shnum * kShdrSize))
    return fail(err, fmt::format("truncated: the section headers ({} at offset {:#x}) run past the end of "
                                 "the file",
                                 shnum, eh.e_shoff));
  std::vector<elf::Elf64_Shdr> sections(shnum);
  for (uint64_t i = 0; i < shnum; ++i) elf::read_struct(bytes, eh.e_shoff + i * kShdrSize, &sections[i]);

  auto symtab = std::find_if(sections.begin(), sections.end(),
                             [](const elf::Elf64_Shdr& s) { return s.sh_type == elf::SHT_SYMTAB; });
  if (symtab == sections.end()) return fail(err, "no symbol table (.symtab): the file is stripped");
  if (symtab->sh_entsize != kSymSize)
    return fail(err,
                fmt::format("bad symbol size {} in .symtab (ELF64 uses {})", symtab->sh_entsize, kSymSize));
  if (!in_file(bytes, symtab->sh_offset, symtab->sh_size))
    return fail(err, "truncated: .symtab runs past the end of the file");
  if (symtab->sh_link >= sections.size() || sections[symtab->sh_link].sh_type != elf::SHT_STRTAB)
    return fail(err, "the symbol table's string table (sh_link) is missing");
  const elf::Elf64_Shdr& strtab = sections[symtab->sh_link];
  if (!in_file(bytes, strtab.sh_offset, strtab.sh_size))
    return fail(err, "truncated: .strtab runs past the end of the file");
  auto strings = bytes.subspan(strtab.sh_offset, strtab.sh_size);

  std::vector<Candidate> found;
  uint64_t count = symtab->sh_size / kSymSize;
  for (uint64_t i = 1; i < count; ++i) {  // symbol 0 is the reserved null symbol
    elf::Elf64_Sym sym;
    elf::read_struct(bytes, symtab->sh_offset + i * kSymSize, &sym);
    uint8_t type = elf::st_type(sym.st_info);
    if (type != elf::STT_FUNC && type != elf::STT_NOTYPE) continue;
    if (sym.st_shndx == elf::SHN_UNDEF || sym.st_shndx >= elf::SHN_LORESERVE ||
        sym.st_shndx >= sections.size())
      continue;
    const elf::Elf64_Shdr& section = sections[sym.st_shndx];
    // Untyped symbols count only as code labels (e.g. _start in assembly), not as data.
    if (type == elf::STT_NOTYPE && !(section.sh_flags & elf::SHF_EXECINSTR)) continue;
    auto name = table_string(strings, sym.st_name);
    // ".L" and "$" names are assembler-local labels, no help in a report.
    if (!name || name->empty() || name->rfind(".L", 0) == 0 || (*name)[0] == '$') continue;
    uint64_t section_end = section.sh_addr + section.sh_size;
    if (section_end < section.sh_addr) section_end = UINT64_MAX;
    found.push_back({sym.st_value, sym.st_size, section_end, type == elf::STT_FUNC, std::move(*name)});
  }

  // At one address, prefer a function with a size over a label (aliases keep the first).
  std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
    if (a.address != b.address) return a.address < b.address;
    if (a.is_func != b.is_func) return a.is_func;
    if (a.size != b.size) return a.size > b.size;
    return a.name < b.name;
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Candidate& a, const Candidate& b) { return a.address == b.address; }),
              found.end());

  symbols_.reserve(found.size());
  for (size_t i = 0; i < found.size(); ++i) {
    const Candidate& c = found[i];
    uint64_t end;
    if (c.size != 0) {
      end = c.address + c.size < c.address ? UINT64_MAX : c.address + c.size;
    } else {
      end = c.section_end;
      if (i + 1 < found.size()) end = std::min(end, found[i + 1].address);
      end = std::max(end, c.address);
    }
    symbols_.push_back({c.address, end, demangle(c.name)});
  }
  return true;
}

std::optional<SymbolMatch> ElfSymbols::lookup(uint64_t address) const {
  auto after = std::upper_bound(symbols_.begin(), symbols_.end(), address,
                                [](uint64_t a, const ElfSymbol& s) { return a < s.address; });
  if (after == symbols_.begin()) return std::nullopt;
  const ElfSymbol& s = *(after - 1);
  if (address >= s.end) return std::nullopt;
  return SymbolMatch{s.name, address - s.address};
}

std::string ElfSymbols::describe(uint64_t address) const {
  auto match = lookup(address);
  if (!match) return "";
  std::string where = locate_ ? locate_(address) : std::string();
  std::string name = match->offset == 0 ? match->name : fmt::format("{}+{:#x}", match->name, match->offset);
  return where.empty() ? name : name + " at " + where;
}

}  // namespace kbuild
