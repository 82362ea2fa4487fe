// Sector 0 of the layouts that are not a plain protective MBR with stage 1 (gpt.h has that):
// the BIOS layout's MBR, and the boot code of a UEFI-only disk's protective MBR.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "image/gpt.h"

namespace kbuild {

inline constexpr size_t kMbrBootCodeBytes = offsetof(MasterBootRecord, unique_mbr_disk_signature);  // 440

// boot = "bios": stage 1's code, a disk signature and one active partition of a
// "non-filesystem data" type (0xDA) over the kernel area.
MasterBootRecord bios_mbr(std::span<const uint8_t> stage1, uint32_t signature, uint64_t kernel_lba,
                          uint64_t disk_sectors);

// boot = "uefi": for a BIOS that boots the disk anyway, code that prints one line
// ("kbuild boot: this disk boots on UEFI only ...") on COM1 and the screen, ends a run under
// kbuild's QEMU through the debug-exit port, and halts. At most kMbrBootCodeBytes.
std::vector<uint8_t> uefi_only_boot_code();

}  // namespace kbuild
