#include "image/limine_check.h"

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

}  // namespace kbuild
