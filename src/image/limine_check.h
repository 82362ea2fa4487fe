// Image-time checks for Limine-protocol kernels: what kbuild's loader cannot give is refused
// when the image is written, in one line, never at boot.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "image/boot_protocol.h"
#include "image/elf_validate.h"

namespace kbuild {

// The base revision is one the loader implements (0 to limine::kNewestBaseRevision), the kernel
// is linked at or above 0xffffffff80000000 (`lowest_vaddr`: its lowest segment). On failure
// *err is one line.
bool check_limine_kernel(const ProtocolInfo& protocol, uint64_t lowest_vaddr, std::string* err);

// An older Limine kernel's `.limine_reqs` section (ELF64): a NULL-terminated array of pointers
// (virtual addresses) to its requests. Under base revision 0 the loader takes the requests from it
// instead of scanning (later revisions scan and ignore it), so requests need not be 8-byte aligned.
struct LimineRequestList {
  uint64_t address = 0;  // sh_addr
  uint64_t offset = 0, size = 0;  // its bytes in the file
  bool loaded = false;  // SHF_ALLOC with file bytes, so the loader finds it in memory
};
std::optional<LimineRequestList> find_limine_request_list(std::span<const uint8_t> elf);
// The list the loader takes the requests from: the section under base revision 0, else none.
std::optional<LimineRequestList> honoured_limine_request_list(std::span<const uint8_t> elf, uint64_t revision);

// The requests the loader will find (those `.limine_reqs` lists under base revision 0, else
// those between the markers of the loaded image, as it scans):
// no two with the same id, as the protocol demands, and no paging-mode request whose minimum is
// above 4-level paging; a list's entries each inside the loaded image, at a request, its end
// within the section. `elf` is the whole file, `kernel` what validate_kernel_elf found in it,
// `revision` the base revision asked for.
bool check_limine_requests(std::span<const uint8_t> elf, const KernelElf& kernel, uint64_t revision,
                           std::string* err);

}  // namespace kbuild
