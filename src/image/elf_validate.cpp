#include "image/elf_validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "build/target.h"
#include "image/elf.h"

namespace kbuild {
namespace {

constexpr uint64_t kEhdrSize = sizeof(elf::Elf64_Ehdr);
constexpr uint64_t kPhdrSize = sizeof(elf::Elf64_Phdr);
constexpr uint16_t kMaxPhnum = 1024;
constexpr uint64_t kMaxSegmentSize = uint64_t{512} << 30;  // no real kernel comes near
constexpr uint64_t kLowerHalfEnd = 0x0000800000000000;
constexpr const char* kTargetHint = "compile with --target=x86_64-unknown-none-elf";
constexpr const char* kFreestandingHint =
    "build it with kbuild build or with -ffreestanding -nostdlib -static";

bool fail(std::string* err, std::string message) {
  *err = std::move(message);
  return false;
}

std::string hex(uint64_t v) { return fmt::format("{:#x}", v); }

const char* machine_name(uint16_t machine) {
  switch (machine) {
    case 0: return "no machine";
    case 2: return "SPARC";
    case 3: return "i386";
    case 8: return "MIPS";
    case 20: return "PowerPC";
    case 21: return "PowerPC64";
    case 22: return "IBM S/390";
    case 40: return "32-bit ARM";
    case 43: return "SPARC V9";
    case 50: return "IA-64";
    case elf::EM_AARCH64: return "AArch64";
    case elf::EM_RISCV: return "RISC-V";
    case 247: return "BPF";
    case 258: return "LoongArch";
    default: return nullptr;
  }
}

// Printable text as far as it goes, for quoting a file's first line in a message.
std::string quote_start(std::span<const uint8_t> bytes, size_t max) {
  std::string s;
  for (size_t i = 0; i < bytes.size() && s.size() < max; ++i) {
    uint8_t c = bytes[i];
    if (c == '\n' || c == '\r' || c < 0x20 || c >= 0x7f) break;
    s += static_cast<char>(c);
  }
  return s;
}

bool looks_like_text(std::span<const uint8_t> bytes) {
  size_t n = std::min<size_t>(bytes.size(), 512);
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = bytes[i];
    // UTF-8 lead and continuation bytes count as text too.
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
    if (c == 0x7f) return false;
  }
  return n > 0;
}

bool starts_with(std::span<const uint8_t> bytes, std::initializer_list<uint8_t> prefix) {
  if (bytes.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), bytes.begin());
}

// Names what a file that is not an ELF at all seems to be.
std::string describe_non_elf(std::span<const uint8_t> bytes) {
  if (starts_with(bytes, {'#', '!'}))
    return fmt::format("a script (it starts with \"{}\"), not a kernel ELF", quote_start(bytes, 60));
  if (starts_with(bytes, {'M', 'Z'}))
    return "a PE/COFF (Windows or UEFI) executable (it starts with \"MZ\"), not an ELF: "
           "kbuild boots ELF kernels; link with ld.lld and " +
           std::string(kTargetHint);
  if (starts_with(bytes, {0xcf, 0xfa, 0xed, 0xfe}) || starts_with(bytes, {0xce, 0xfa, 0xed, 0xfe}) ||
      starts_with(bytes, {0xfe, 0xed, 0xfa, 0xcf}) || starts_with(bytes, {0xfe, 0xed, 0xfa, 0xce}) ||
      starts_with(bytes, {0xca, 0xfe, 0xba, 0xbe}))
    return "a Mach-O (macOS) file, not an ELF: kbuild boots ELF kernels; link with ld.lld and " +
           std::string(kTargetHint);
  if (starts_with(bytes, {'!', '<', 'a', 'r', 'c', 'h', '>', '\n'}))
    return "a static library (ar archive), not a linked kernel: link its objects with ld.lld";
  if (looks_like_text(bytes))
    return fmt::format("a text file (it starts with \"{}\"), not a kernel ELF", quote_start(bytes, 60));
  std::string first;
  for (size_t i = 0; i < bytes.size() && i < 4; ++i) first += fmt::format(" {:02x}", bytes[i]);
  return fmt::format("not an ELF file (no \\x7fELF magic; it starts with bytes{})", first);
}

bool check_ident(std::span<const uint8_t> bytes, std::string* err) {
  if (bytes.empty()) return fail(err, "the file is empty (0 bytes), not a kernel ELF: did the link fail?");
  bool magic_prefix =
      std::equal(bytes.begin(), bytes.begin() + std::min<size_t>(bytes.size(), 4), std::begin(elf::ELFMAG));
  if (!magic_prefix) return fail(err, describe_non_elf(bytes));
  if (bytes.size() > elf::EI_CLASS) {
    uint8_t cls = bytes[elf::EI_CLASS];
    if (cls == elf::ELFCLASS32)
      return fail(err, fmt::format("32-bit (ELFCLASS32): kbuild boots 64-bit kernels; {}", kTargetHint));
    if (cls != elf::ELFCLASS64)
      return fail(err,
                  fmt::format("invalid ELF class {} (expected 2, ELFCLASS64): the file is corrupt", cls));
  }
  if (bytes.size() > elf::EI_DATA) {
    uint8_t data = bytes[elf::EI_DATA];
    if (data == elf::ELFDATA2MSB)
      return fail(err, fmt::format("big-endian (ELFDATA2MSB): kbuild boots little-endian x86_64 kernels; {}",
                                   kTargetHint));
    if (data != elf::ELFDATA2LSB)
      return fail(
          err,
          fmt::format("invalid ELF data encoding {} (expected 1, little-endian): the file is corrupt", data));
  }
  if (bytes.size() < kEhdrSize)
    return fail(err, fmt::format("truncated ELF header: the file has {} bytes, an ELF64 header needs {}",
                                 bytes.size(), kEhdrSize));
  if (bytes[elf::EI_VERSION] != elf::EV_CURRENT)
    return fail(err, fmt::format("unsupported ELF version {} (expected 1): the file is corrupt",
                                 bytes[elf::EI_VERSION]));
  return true;
}

bool check_header(const elf::Elf64_Ehdr& eh, Arch arch, std::string* err) {
  if (eh.e_version != elf::EV_CURRENT)
    return fail(err, fmt::format("unsupported ELF version {} in e_version (expected 1): the file is corrupt",
                                 eh.e_version));
  if (arch == Arch::x86_64 && eh.e_machine != elf::EM_X86_64) {
    const char* name = machine_name(eh.e_machine);
    Arch other;
    if (eh.e_machine != 0 && arch_from_elf_machine(eh.e_machine, &other))  // a kernel for another arch kbuild knows
      return fail(err, fmt::format("built for {} (e_machine {}), but [target] arch is \"x86_64\": set "
                                   "arch = \"{}\" in kernel.toml, or {}",
                                   name, eh.e_machine, arch_name(other), kTargetHint));
    return fail(err, fmt::format("built for {} (e_machine {}), not x86_64: {}",
                                 name ? name : "an unknown machine", eh.e_machine, kTargetHint));
  }
  if (eh.e_machine != arch_info(arch).e_machine) {
    const char* name = machine_name(eh.e_machine);
    return fail(err, fmt::format("built for {} (e_machine {}), but [target] arch is \"{}\" (e_machine {}): "
                                 "compile with --target={}-unknown-none-elf",
                                 eh.e_machine == elf::EM_X86_64 ? "x86_64" : name ? name : "an unknown machine",
                                 eh.e_machine, arch_name(arch), arch_info(arch).e_machine, arch_name(arch)));
  }
  switch (eh.e_type) {
    case elf::ET_EXEC:
    case elf::ET_DYN:  // judged once the program headers say whether it is a Linux program
      break;
    case elf::ET_REL:
      return fail(err, "a relocatable object file (.o), not a linked kernel: link it with ld.lld");
    case elf::ET_CORE: return fail(err, "a core dump (ET_CORE), not a kernel");
    default:
      return fail(err,
                  fmt::format("unknown ELF type {} (expected ET_EXEC): the file is corrupt", hex(eh.e_type)));
  }
  if (eh.e_ehsize != kEhdrSize)
    return fail(err, fmt::format("bad ELF header size e_ehsize={} (ELF64 uses {}): the file is corrupt",
                                 eh.e_ehsize, kEhdrSize));
  if (eh.e_phnum == elf::PN_XNUM)
    return fail(err,
                "e_phnum is PN_XNUM (0xffff: 65535 or more program headers): "
                "not a plausible kernel; the file is corrupt");
  if (eh.e_phnum > kMaxPhnum)
    return fail(err, fmt::format("{} program headers (e_phnum), more than {} is not a plausible kernel: "
                                 "the file is corrupt",
                                 eh.e_phnum, kMaxPhnum));
  if (eh.e_phnum != 0 && eh.e_phentsize != kPhdrSize)
    return fail(err,
                fmt::format("bad program header size e_phentsize={} (ELF64 uses {}): the file is corrupt",
                            eh.e_phentsize, kPhdrSize));
  return true;
}

// The dynamic loader's path from PT_INTERP, when it can be read and printed.
std::string interpreter_path(std::span<const uint8_t> bytes, const elf::Elf64_Phdr& ph) {
  if (ph.p_offset >= bytes.size()) return "";
  return quote_start(bytes.subspan(ph.p_offset), std::min<uint64_t>(ph.p_filesz, 80));
}

// True when a PT_NOTE holds a GNU ABI tag: glibc's crt1.o carries one, kernels never do. It is
// how a statically linked Linux program (no PT_INTERP) gives itself away.
bool has_gnu_abi_tag(std::span<const uint8_t> bytes, const elf::Elf64_Phdr& ph) {
  if (ph.p_offset > bytes.size()) return false;
  auto notes = bytes.subspan(ph.p_offset, std::min<uint64_t>(ph.p_filesz, bytes.size() - ph.p_offset));
  const uint64_t pad = ph.p_align == 8 ? 8 : 4;
  auto round = [pad](uint64_t n) { return (n + pad - 1) / pad * pad; };
  uint64_t at = 0;
  struct NoteHeader {
    uint32_t namesz, descsz, type;
  } nh;
  while (elf::read_struct(notes, at, &nh)) {
    uint64_t name_at = at + sizeof(nh);
    if (nh.type == elf::NT_GNU_ABI_TAG && nh.namesz == 4 && name_at + 4 <= notes.size() &&
        std::memcmp(notes.data() + name_at, "GNU", 4) == 0)
      return true;
    at = name_at + round(nh.namesz) + round(nh.descsz);  // no overflow: the sizes are 32-bit
  }
  return false;
}

// A hosted program or a PIE can be told apart from a kernel before its segments are judged, and
// saying so is far more useful than a complaint about one of its segments.
bool check_program_kind(std::span<const uint8_t> bytes, const elf::Elf64_Ehdr& eh,
                        const std::vector<elf::Elf64_Phdr>& phdrs, std::string* err) {
  for (const auto& ph : phdrs) {
    if (ph.p_type != elf::PT_INTERP) continue;
    std::string interp = interpreter_path(bytes, ph);
    return fail(err,
                fmt::format("looks like a Linux program (it asks for the dynamic loader{}), not a kernel: {}",
                            interp.empty() ? "" : " " + interp, kFreestandingHint));
  }
  for (const auto& ph : phdrs) {
    if (ph.p_type == elf::PT_NOTE && has_gnu_abi_tag(bytes, ph))
      return fail(err, fmt::format("looks like a statically linked Linux program (it carries glibc's GNU ABI "
                                   "note), not a kernel: {}",
                                   kFreestandingHint));
  }
  for (const auto& ph : phdrs) {
    if (ph.p_type == elf::PT_DYNAMIC)
      return fail(err,
                  fmt::format("looks like a Linux program or shared library (it has a PT_DYNAMIC segment "
                              "for a dynamic linker), not a kernel: {}",
                              kFreestandingHint));
  }
  if (eh.e_type == elf::ET_DYN)
    return fail(err,
                "a position-independent executable or shared object (ET_DYN): kbuild needs a "
                "statically linked executable (ET_EXEC); compile with -fno-pie and link with -static");
  return true;
}

// What only the host checks of a PT_LOAD on its own, before the loaders' list: things the loaders
// never meet in the packed kernel kbuild writes (alignment, sizes no kernel comes near, physical
// addresses of higher-half segments, which they choose themselves, segments that occupy no
// memory and so are never theirs to check).
bool check_segment(std::span<const uint8_t> bytes, size_t index, const elf::Elf64_Phdr& ph,
                   std::string* err) {
  auto where = fmt::format("segment {}", index);
  if (ph.p_memsz == 0 && ph.p_filesz != 0)
    return fail(err, fmt::format("{}: p_filesz {} but p_memsz 0: the file is corrupt", where, hex(ph.p_filesz)));
  if (ph.p_memsz == 0 && ph.p_offset > bytes.size())
    return fail(err, fmt::format("{}: offset {} is past the end of the file ({} bytes): the file is truncated",
                                 where, hex(ph.p_offset), hex(bytes.size())));
  if (ph.p_align > 1 && (ph.p_align & (ph.p_align - 1)) != 0)
    return fail(err, fmt::format("{}: alignment {} is not a power of two: the file is corrupt", where,
                                 hex(ph.p_align)));
  if (ph.p_memsz > kMaxSegmentSize)
    return fail(err, fmt::format("{}: size {} is over 512 GiB: the file is corrupt or the linker script "
                                 "places sections far apart",
                                 where, hex(ph.p_memsz)));
  if (ph.p_memsz != 0 && ph.p_vaddr < kLowerHalfEnd && ph.p_paddr > UINT64_MAX - ph.p_memsz)
    return fail(err, fmt::format("{}: physical address {} + size {} wraps around", where, hex(ph.p_paddr),
                                 hex(ph.p_memsz)));
  return true;
}

struct Range {
  size_t index;
  uint64_t start, end;  // [start, end)
};

bool check_overlap(std::vector<Range> ranges, const char* space, std::string* err) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.start < b.start; });
  // Sorted by start, the first overlap is always between neighbours.
  for (size_t i = 1; i < ranges.size(); ++i) {
    const Range& prev = ranges[i - 1];
    const Range& cur = ranges[i];
    if (cur.start < prev.end) {
      const Range& a = prev.index < cur.index ? prev : cur;
      const Range& b = prev.index < cur.index ? cur : prev;
      return fail(err,
                  fmt::format("segments {} ({}..{}) and {} ({}..{}) overlap in {}: fix the linker script",
                              a.index, hex(a.start), hex(a.end), b.index, hex(b.start), hex(b.end), space));
    }
  }
  return true;
}

}  // namespace

bool validate_kernel_elf(std::span<const uint8_t> bytes, KernelElf* out, std::string* err, Arch arch) {
  // 1. Identification and the file header.
  if (!check_ident(bytes, err)) return false;
  elf::Elf64_Ehdr eh;
  if (!elf::read_struct(bytes, 0, &eh)) return fail(err, "truncated ELF header");
  if (!check_header(eh, arch, err)) return false;

  // 2. The program header table must lie inside the file.
  uint64_t table_size = uint64_t{eh.e_phnum} * kPhdrSize;
  if (eh.e_phnum != 0 && (eh.e_phoff > bytes.size() || table_size > bytes.size() - eh.e_phoff))
    return fail(err, fmt::format("truncated: the program headers ({} x {} bytes at offset {}) run past the "
                                 "end of the file ({} bytes)",
                                 eh.e_phnum, kPhdrSize, hex(eh.e_phoff), hex(bytes.size())));
  std::vector<elf::Elf64_Phdr> phdrs(eh.e_phnum);
  for (size_t i = 0; i < phdrs.size(); ++i) {
    if (!elf::read_struct(bytes, eh.e_phoff + i * kPhdrSize, &phdrs[i]))
      return fail(err, fmt::format("truncated: program header {} lies past the end of the file", i));
  }

  // 3. What kind of program it is, then what only the host checks of each PT_LOAD.
  if (!check_program_kind(bytes, eh, phdrs, err)) return false;
  KernelElf result;
  std::vector<std::pair<size_t, LoadSegment>> loads;  // with program header index
  for (size_t i = 0; i < phdrs.size(); ++i) {
    const elf::Elf64_Phdr& ph = phdrs[i];
    if (ph.p_type != elf::PT_LOAD) continue;
    if (!check_segment(bytes, i, ph, err)) return false;
    LoadSegment s{ph.p_offset, ph.p_vaddr, ph.p_paddr, ph.p_filesz, ph.p_memsz, ph.p_align, ph.p_flags};
    result.segments.push_back(s);
    if (s.memsz != 0) loads.emplace_back(i, s);
  }

  // 4. The loaders' own list (bootloader/shared/kernel_rules.h), in their words: whatever they
  // would refuse at boot is refused here, as they would say it (segments inside the file, no
  // larger in the file than in memory, canonical, out of the first MiB, on pages of their own,
  // the entry in an executable one).
  std::vector<kbuild_rules::Segment> views;
  for (const auto& [index, s] : loads) views.push_back({s.offset, s.vaddr, s.filesz, s.memsz, s.flags});
  char why[kbuild_rules::kMessageCapacity];
  if (!kbuild_rules::check_segments(views.data(), static_cast<int>(views.size()), eh.e_entry,
                                    bytes.size(), false, why) ||
      !kbuild_rules::check_address_space(eh.e_machine, views.data(), static_cast<int>(views.size()), why))
    return fail(err, why);

  // 5. What the host adds: kernels placed low are put at p_paddr, so their segments may not
  // overlap there either.
  std::vector<Range> phys;
  for (const auto& [index, s] : loads)
    if (s.vaddr < kLowerHalfEnd) phys.push_back({index, s.paddr, s.paddr + s.memsz});
  if (!check_overlap(phys, "physical memory (p_paddr)", err)) return false;

  result.entry = eh.e_entry;
  result.lowest_vaddr = UINT64_MAX;
  for (const auto& [index, s] : loads) {
    result.lowest_vaddr = std::min(result.lowest_vaddr, s.vaddr);
    result.highest_vaddr_end = std::max(result.highest_vaddr_end, s.vaddr + s.memsz);
    if (s.vaddr >= kHigherHalfStart) result.higher_half = true;
  }
  *out = std::move(result);
  return true;
}

bool elf_file_arch(std::span<const uint8_t> bytes, Arch* out) {
  if (bytes.size() < kEhdrSize || !std::equal(std::begin(elf::ELFMAG), std::end(elf::ELFMAG), bytes.begin()) ||
      bytes[elf::EI_CLASS] != elf::ELFCLASS64)
    return false;
  elf::Elf64_Ehdr eh;
  std::memcpy(&eh, bytes.data(), sizeof eh);
  return arch_from_elf_machine(eh.e_machine, out);
}

}  // namespace kbuild
