// Which boot protocol a kernel speaks: kbuild's own (<kbuild/boot.h>), Limine, Multiboot2 or
// Multiboot1. Found from the kernel file's bytes when [bootloader] protocol is "auto", and checked
// when it names one; the result goes into the boot manifest (KBUILD_PROTOCOL_*), so the loader
// never guesses.
//
// What marks each protocol:
//   Multiboot2  a header (magic 0xE85250D6, architecture, length, checksum) 8-byte aligned in the
//               file's first 32 KiB
//   Multiboot1  a header (magic 0x1BADB002, flags, checksum) 4-byte aligned in the first 8 KiB
//   Limine      a base-revision tag or a request (the protocol's two common magic words), 8-byte
//               aligned in a writable PT_LOAD segment's file bytes (the loader writes both), or a
//               .limine_reqs section (limine_check.h)
// A kernel marked for none speaks kbuild's protocol.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "config/config.h"

namespace kbuild {

struct ProtocolInfo {
  BootProtocol protocol = BootProtocol::kbuild;  // never `automatic`
  uint32_t header_offset = 0;    // Multiboot: the header's file offset
  uint64_t limine_revision = 0;  // Limine: the base revision asked for (0 without a tag)
};

// Fills *out for the kernel file `elf` (any ELF class: Multiboot kernels are often ELF32).
// `requested` is kernel.toml's [bootloader] protocol. On failure *err is one line without the
// file name: several protocols found under "auto", or the requested one's marks missing.
bool detect_boot_protocol(std::span<const uint8_t> elf, BootProtocol requested, ProtocolInfo* out,
                          std::string* err);

// "kbuild protocol", "Limine protocol, base revision 2", "Multiboot2", "Multiboot1": for the
// "Imaged" line.
std::string describe_protocol(const ProtocolInfo& info);

// KBUILD_PROTOCOL_* (bootloader/shared/boot_manifest.h) for the manifest.
uint32_t manifest_protocol(BootProtocol protocol);

}  // namespace kbuild
