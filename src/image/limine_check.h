// Image-time checks for Limine-protocol kernels: what kbuild's loader cannot give is refused
// when the image is written, in one line, never at boot.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "image/boot_protocol.h"
#include "image/elf_validate.h"

namespace kbuild {

// The base revision is one the loader implements (0 to limine::kNewestBaseRevision), the kernel
// is linked at or above 0xffffffff80000000 (`lowest_vaddr`: its lowest segment). On failure
// *err is one line.
bool check_limine_kernel(const ProtocolInfo& protocol, uint64_t lowest_vaddr, std::string* err);

// The requests the loader will find (between the markers of the loaded image, as it scans):
// no two with the same id, as the protocol demands, and no paging-mode request whose minimum is
// above 4-level paging. `elf` is the whole file, `kernel` what validate_kernel_elf found in it.
bool check_limine_requests(std::span<const uint8_t> elf, const KernelElf& kernel,
                           std::string* err);

}  // namespace kbuild
