#include "image/limine_check.h"

#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "limine_protocol.h"

namespace kbuild {

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

bool check_limine_requests(std::span<const uint8_t> elf, const KernelElf& kernel,
                           std::string* err) {
  // The loaded image as the loader sees it: every segment at its place, zeros between.
  uint64_t base = kernel.lowest_vaddr & ~uint64_t(0xfff);
  std::vector<uint64_t> words((kernel.highest_vaddr_end - base + 7) / 8);
  auto* bytes = reinterpret_cast<uint8_t*>(words.data());
  for (const LoadSegment& s : kernel.segments) {
    if (s.memsz == 0 || s.filesz == 0) continue;
    std::memcpy(bytes + (s.vaddr - base), elf.data() + s.offset, s.filesz);
  }
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
  std::set<std::pair<uint64_t, uint64_t>> seen;
  for (size_t i = begin; i + kHeaderWords <= end; ++i) {
    if (words[i] != limine::kCommonMagic0 || words[i + 1] != limine::kCommonMagic1) continue;
    std::pair<uint64_t, uint64_t> id = {words[i + 2], words[i + 3]};
    if (!seen.insert(id).second) {
      *err = fmt::format(
          "the kernel has two Limine requests with the id {:#x} {:#x}, which the protocol forbids; "
          "keep one",
          id.first, id.second);
      return false;
    }
    // A paging-mode request of revision 1 or later carries mode, max_mode, min_mode.
    bool paging = id.first == limine::kPagingMode.a && id.second == limine::kPagingMode.b;
    if (paging && words[i + 4] >= 1 && i + kHeaderWords + 3 <= words.size() &&
        words[i + kHeaderWords + 2] > limine::kPagingMode4Level) {
      *err = "the kernel's Limine paging-mode request needs 5-level paging, which kbuild's loader "
             "does not set up; allow 4-level paging (min_mode = LIMINE_PAGING_MODE_X86_64_4LVL)";
      return false;
    }
    i += kHeaderWords - 1;
  }
  return true;
}

}  // namespace kbuild
