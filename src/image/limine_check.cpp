#include "image/limine_check.h"

#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "image/elf.h"
#include "limine_protocol.h"

namespace kbuild {

namespace {
constexpr uint64_t kShfAlloc = 2;
}  // namespace

bool check_limine_kernel(const ProtocolInfo& protocol, uint64_t lowest_vaddr, std::string* err) {
  if (protocol.limine_revision > limine::kNewestBaseRevision) {
    *err = fmt::format(
        "the kernel asks for Limine base revision {}, and kbuild's loader implements revisions 0 "
        "to {}; ask for LIMINE_BASE_REVISION({}) or lower",
        protocol.limine_revision, limine::kNewestBaseRevision, limine::kNewestBaseRevision);
    return false;
  }
  if (lowest_vaddr < limine::kKernelMinAddress) {
    *err = fmt::format(
        "the kernel speaks the Limine protocol but has a segment at {:#x}; Limine kernels are "
        "linked at or above 0xffffffff80000000 (. = 0xffffffff80000000 in the linker script)",
        lowest_vaddr);
    return false;
  }
  return true;
}

std::optional<LimineRequestList> find_limine_request_list(std::span<const uint8_t> b) {
  elf::Elf64_Ehdr eh;
  if (!elf::read_struct(b, 0, &eh) || std::memcmp(eh.e_ident, elf::ELFMAG, 4) != 0 ||
      eh.e_ident[elf::EI_CLASS] != elf::ELFCLASS64 || eh.e_shoff == 0 ||
      eh.e_shentsize != sizeof(elf::Elf64_Shdr))
    return std::nullopt;
  elf::Elf64_Shdr names;
  if (!elf::read_struct(b, eh.e_shoff + uint64_t(eh.e_shstrndx) * sizeof(names), &names) ||
      names.sh_offset > b.size())
    return std::nullopt;
  constexpr char kName[] = ".limine_reqs";
  for (uint64_t i = 0; i < eh.e_shnum; ++i) {
    elf::Elf64_Shdr sh;
    if (!elf::read_struct(b, eh.e_shoff + i * sizeof(sh), &sh)) break;
    if (sh.sh_name >= names.sh_size || names.sh_offset + sh.sh_name + sizeof(kName) > b.size()) continue;
    if (std::memcmp(b.data() + names.sh_offset + sh.sh_name, kName, sizeof(kName)) != 0) continue;
    LimineRequestList list;
    list.address = sh.sh_addr;
    list.offset = sh.sh_offset;
    list.size = sh.sh_size;
    list.loaded = (sh.sh_flags & kShfAlloc) && sh.sh_type != elf::SHT_NOBITS && sh.sh_offset <= b.size() &&
                  b.size() - sh.sh_offset >= sh.sh_size;
    return list;
  }
  return std::nullopt;
}

std::optional<LimineRequestList> honoured_limine_request_list(std::span<const uint8_t> elf, uint64_t revision) {
  if (revision != 0) return std::nullopt;  // deprecated from base revision 1 on: the scan
  return find_limine_request_list(elf);
}

bool check_limine_requests(std::span<const uint8_t> elf, const KernelElf& kernel, uint64_t revision,
                           std::string* err) {
  // The loaded image as the loader sees it: every segment at its place, zeros between.
  uint64_t base = kernel.lowest_vaddr & ~uint64_t(0xfff);
  std::vector<uint64_t> words((kernel.highest_vaddr_end - base + 7) / 8);
  auto* bytes = reinterpret_cast<uint8_t*>(words.data());
  uint64_t image_size = words.size() * 8;
  for (const LoadSegment& s : kernel.segments) {
    if (s.memsz == 0 || s.filesz == 0) continue;
    std::memcpy(bytes + (s.vaddr - base), elf.data() + s.offset, s.filesz);
  }
  auto word_at = [&](uint64_t offset) {
    uint64_t v = 0;
    if (offset + 8 <= image_size) std::memcpy(&v, bytes + offset, 8);
    return v;
  };

  // Where the requests are (offsets into the image): the list's entries, or the scan's finds.
  std::vector<uint64_t> found;
  std::optional<LimineRequestList> list = honoured_limine_request_list(elf, revision);
  if (list) {
    if (!list->loaded || list->address < base || list->address - base > image_size ||
        image_size - (list->address - base) < list->size) {
      *err = fmt::format(
          "the kernel's .limine_reqs section (at {:#x}) is not in a PT_LOAD segment with file bytes, so the loader "
          "cannot read it: put it in the data segment of the linker script",
          list->address);
      return false;
    }
    bool ended = false;
    for (uint64_t at = 0; at + 8 <= list->size; at += 8) {
      uint64_t pointer = word_at(list->address - base + at);
      if (pointer == 0) {
        ended = true;
        break;
      }
      uint64_t offset = pointer - base;
      if (pointer < base || offset > image_size || image_size - offset < sizeof(limine::RequestHeader) ||
          word_at(offset) != limine::kCommonMagic0 || word_at(offset + 8) != limine::kCommonMagic1) {
        *err = fmt::format(
            "entry {} of the kernel's .limine_reqs section is {:#x}, which is not the address of a Limine request "
            "in the kernel; list only requests",
            at / 8, pointer);
        return false;
      }
      found.push_back(offset);
    }
    if (!ended) {
      *err = "the kernel's .limine_reqs section has no NULL entry to end its list of requests; end it with a NULL "
             "pointer";
      return false;
    }
  } else {
    // The last start marker and the first end marker after it bound the search.
    size_t begin = 0, end = words.size();
    for (size_t i = 0; i + 4 <= words.size(); ++i) {
      if (std::memcmp(&words[i], limine::kStartMarker, sizeof(limine::kStartMarker)) == 0) begin = i + 4;
    }
    for (size_t i = begin; i + 2 <= words.size(); ++i) {
      if (std::memcmp(&words[i], limine::kEndMarker, sizeof(limine::kEndMarker)) == 0) {
        end = i;
        break;
      }
    }
    constexpr size_t kHeaderWords = sizeof(limine::RequestHeader) / 8;
    for (size_t i = begin; i + kHeaderWords <= end; ++i) {
      if (words[i] != limine::kCommonMagic0 || words[i + 1] != limine::kCommonMagic1) continue;
      found.push_back(i * 8);
      i += kHeaderWords - 1;
    }
  }

  std::set<std::pair<uint64_t, uint64_t>> seen;
  for (uint64_t offset : found) {
    std::pair<uint64_t, uint64_t> id = {word_at(offset + 16), word_at(offset + 24)};
    if (!seen.insert(id).second) {
      *err = fmt::format(
          "the kernel has two Limine requests with the id {:#x} {:#x}, which the protocol forbids; "
          "keep one",
          id.first, id.second);
      return false;
    }
    // A paging-mode request of revision 1 or later carries mode, max_mode, min_mode.
    bool paging = id.first == limine::kPagingMode.a && id.second == limine::kPagingMode.b;
    if (paging && word_at(offset + 32) >= 1 && word_at(offset + 64) > limine::kPagingMode4Level) {
      *err = "the kernel's Limine paging-mode request needs 5-level paging, which kbuild's loader "
             "does not set up; allow 4-level paging (min_mode = LIMINE_PAGING_MODE_X86_64_4LVL)";
      return false;
    }
  }
  return true;
}

}  // namespace kbuild
