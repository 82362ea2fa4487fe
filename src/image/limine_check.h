// Image-time checks for Limine-protocol kernels: what kbuild's loader cannot give is refused
// when the image is written, in one line, never at boot.
#pragma once

#include <cstdint>
#include <string>

#include "image/boot_protocol.h"

namespace kbuild {

// The base revision is one the loader implements (0 to limine::kNewestBaseRevision), the kernel
// is linked at or above 0xffffffff80000000 (`lowest_vaddr`: its lowest segment). On failure
// *err is one line.
bool check_limine_kernel(const ProtocolInfo& protocol, uint64_t lowest_vaddr, std::string* err);

}  // namespace kbuild
