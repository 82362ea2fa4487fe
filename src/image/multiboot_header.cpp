// Reading a Multiboot2 or Multiboot1 header (multiboot_kernel.h).
#include <cstring>

#include <fmt/format.h>

#include "image/multiboot_kernel.h"
#include "multiboot.h"

namespace kbuild {

namespace {

uint32_t load32(std::span<const uint8_t> b, uint64_t at) {
  uint32_t v = 0;
  if (at + 4 <= b.size()) std::memcpy(&v, b.data() + at, 4);
  return v;
}

uint16_t load16(std::span<const uint8_t> b, uint64_t at) {
  uint16_t v = 0;
  if (at + 2 <= b.size()) std::memcpy(&v, b.data() + at, 2);
  return v;
}

const char* header_tag_name(uint16_t type) {
  switch (type) {
    case multiboot::kHeaderEfiBootServices: return "EFI boot services";
    case multiboot::kHeaderEntryEfi32: return "EFI i386 entry address";
    case multiboot::kHeaderEntryEfi64: return "EFI amd64 entry address";
    default: return "unknown";
  }
}

bool read_multiboot2(std::span<const uint8_t> b, uint32_t at, MultibootRequest* out, std::string* err) {
  uint32_t arch = load32(b, at + 4);
  uint64_t length = load32(b, at + 8);
  if (arch != 0) {
    *err = fmt::format("the Multiboot2 header at offset {:#x} is for architecture {}, not i386 (0)", at, arch);
    return false;
  }
  uint64_t end = std::min<uint64_t>(at + length, b.size());
  uint64_t pos = at + 16;
  // Tags until the end tag. Where the header's length ends first, that is the end too; an end
  // tag whose size field is short (written as 16 bits) is taken as it is: both are common.
  while (pos + 4 <= end) {
    uint16_t type = load16(b, pos), flags = load16(b, pos + 2);
    if (type == multiboot::kHeaderEnd) break;
    uint32_t size = load32(b, pos + 4);
    if (size < 8 || pos + size > end) {
      *err = fmt::format(
          "the Multiboot2 header tag of type {} at offset {:#x} has size {}, which does not fit the header's "
          "length ({} bytes): fix the header",
          type, pos, size, length);
      return false;
    }
    bool optional = flags & multiboot::kHeaderTagOptional;
    auto field = [&](int i) { return load32(b, pos + 8 + 4 * uint64_t(i)); };
    switch (type) {
      case multiboot::kHeaderInfoRequest:
        for (uint64_t r = pos + 8; r + 4 <= pos + size; r += 4) {
          uint32_t tag = load32(b, r);
          if (!optional && tag == multiboot::kInfoElfSections) out->elf_sections_required = true;
          if (!optional && !multiboot::loader_gives(tag)) {
            *err = fmt::format(
                "the kernel's Multiboot2 header requires information tag {}, which kbuild's loader does not give; "
                "mark the information request optional (flags = 1) or drop that tag from it",
                tag);
            return false;
          }
        }
        break;
      case multiboot::kHeaderAddress:
        if (size < 24) break;
        out->address_fields = true;
        out->header_addr = field(0);
        out->load_addr = field(1);
        out->load_end_addr = field(2);
        out->bss_end_addr = field(3);
        break;
      case multiboot::kHeaderEntry:
        if (size < 12) break;
        out->entry_given = true;
        out->entry = field(0);
        break;
      case multiboot::kHeaderFramebuffer:
        if (size < 20) break;
        out->framebuffer = true;
        out->width = field(0);
        out->height = field(1);
        out->depth = field(2);
        break;
      case multiboot::kHeaderConsoleFlags:  // kbuild's loader keeps the EGA text console
      case multiboot::kHeaderModuleAlign:   // modules are page aligned
      case multiboot::kHeaderRelocatable:   // the kernel goes at its linked address
        break;
      case multiboot::kHeaderEntryEfi32:
      case multiboot::kHeaderEntryEfi64:
      default:
        if (!optional) {
          *err = fmt::format(
              "the kernel's Multiboot2 header has a required tag of type {} ({}), which kbuild's loader does not "
              "support; mark it optional (flags = 1) or drop it",
              type, header_tag_name(type));
          return false;
        }
        break;
      case multiboot::kHeaderEfiBootServices:
        // Optional or not, kbuild's loader always exits boot services: an optional tag is
        // a wish it may ignore; a required one is refused above only when not optional.
        if (!optional) {
          *err =
              "the kernel's Multiboot2 header requires EFI boot services to stay up (tag type 7); kbuild's loader "
              "exits them before entry, as GRUB does without that tag: drop the tag";
          return false;
        }
        break;
    }
    pos += (uint64_t(size) + 7) & ~uint64_t(7);
  }
  return true;
}

bool read_multiboot1(std::span<const uint8_t> b, uint32_t at, MultibootRequest* out, std::string* err) {
  uint32_t flags = load32(b, at + 4);
  uint32_t unknown = flags & 0xffff & ~multiboot::kFlagsKnownRequired;
  if (unknown != 0) {
    *err = fmt::format(
        "the kernel's Multiboot1 header requires flags {:#x}, which kbuild's loader does not know (it knows bits 0, 1 "
        "and 2): clear them",
        unknown);
    return false;
  }
  if (flags & multiboot::kFlagAddressFields) {
    if (at + 32 > b.size()) {
      *err = "the kernel's Multiboot1 header sets flag 16 but ends before its address fields";
      return false;
    }
    out->address_fields = true;
    out->header_addr = load32(b, at + 12);
    out->load_addr = load32(b, at + 16);
    out->load_end_addr = load32(b, at + 20);
    out->bss_end_addr = load32(b, at + 24);
    out->entry_given = true;
    out->entry = load32(b, at + 28);
  }
  if (flags & multiboot::kFlagVideoMode) {
    if (at + 48 > b.size()) {
      *err = "the kernel's Multiboot1 header sets flag 2 but ends before its video mode fields";
      return false;
    }
    uint32_t mode_type = load32(b, at + 32);
    if (mode_type == 0) {  // linear graphics; 1 is EGA text, which the loader keeps anyway
      out->framebuffer = true;
      out->width = load32(b, at + 36);
      out->height = load32(b, at + 40);
      out->depth = load32(b, at + 44);
    }
  }
  return true;
}

}  // namespace

bool read_multiboot_header(std::span<const uint8_t> elf, const ProtocolInfo& info, MultibootRequest* out,
                           std::string* err) {
  *out = MultibootRequest{};
  if (info.protocol == BootProtocol::multiboot2) return read_multiboot2(elf, info.header_offset, out, err);
  return read_multiboot1(elf, info.header_offset, out, err);
}

}  // namespace kbuild
