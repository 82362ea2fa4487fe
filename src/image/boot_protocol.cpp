#include "image/boot_protocol.h"

#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "boot_manifest.h"
#include "image/elf.h"
#include "image/limine_check.h"

namespace kbuild {

namespace {

constexpr uint32_t kMultiboot2Magic = 0xE85250D6;
constexpr uint64_t kMultiboot2Window = 32 * 1024;
constexpr uint32_t kMultiboot1Magic = 0x1BADB002;
constexpr uint64_t kMultiboot1Window = 8 * 1024;
// The Limine protocol's base-revision tag and request identifiers begin with these words.
constexpr uint64_t kLimineRevisionMagic[2] = {0xf9562b2d5c95a6c8, 0x6a7b384944536bdc};
constexpr uint64_t kLimineRequestMagic[2] = {0xc7b1dd30df4c8b88, 0x0a82e883a194f07b};

uint32_t load32(std::span<const uint8_t> b, uint64_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

uint64_t load64(std::span<const uint8_t> b, uint64_t at) {
  uint64_t v;
  std::memcpy(&v, b.data() + at, 8);
  return v;
}

// The first valid Multiboot2 header: magic, architecture 0 (i386) or 4 (MIPS, refused later),
// a length of at least the fixed part that fits in the file, and the checksum.
std::optional<uint32_t> find_multiboot2(std::span<const uint8_t> b) {
  uint64_t end = std::min<uint64_t>(b.size(), kMultiboot2Window);
  for (uint64_t at = 0; at + 16 <= end; at += 8) {
    if (load32(b, at) != kMultiboot2Magic) continue;
    uint32_t arch = load32(b, at + 4), length = load32(b, at + 8), checksum = load32(b, at + 12);
    if (static_cast<uint32_t>(kMultiboot2Magic + arch + length + checksum) != 0) continue;
    if (length < 16 || length > b.size() - at) continue;
    return static_cast<uint32_t>(at);
  }
  return std::nullopt;
}

std::optional<uint32_t> find_multiboot1(std::span<const uint8_t> b) {
  uint64_t end = std::min<uint64_t>(b.size(), kMultiboot1Window);
  for (uint64_t at = 0; at + 12 <= end; at += 4) {
    if (load32(b, at) != kMultiboot1Magic) continue;
    uint32_t flags = load32(b, at + 4), checksum = load32(b, at + 8);
    if (static_cast<uint32_t>(kMultiboot1Magic + flags + checksum) == 0) return static_cast<uint32_t>(at);
  }
  return std::nullopt;
}

struct LimineMarks {
  bool found = false;
  std::optional<uint64_t> revision;  // from the first base-revision tag
};

// Scans the file bytes of each writable PT_LOAD of an ELF64 file, at 8-byte aligned addresses.
LimineMarks find_limine(std::span<const uint8_t> b) {
  LimineMarks marks;
  elf::Elf64_Ehdr eh;
  if (!elf::read_struct(b, 0, &eh) || std::memcmp(eh.e_ident, elf::ELFMAG, 4) != 0 ||
      eh.e_ident[elf::EI_CLASS] != elf::ELFCLASS64 || eh.e_phentsize != sizeof(elf::Elf64_Phdr))
    return marks;
  for (uint64_t i = 0; i < eh.e_phnum; ++i) {
    elf::Elf64_Phdr ph;
    if (!elf::read_struct(b, eh.e_phoff + i * sizeof ph, &ph)) break;
    if (ph.p_type != elf::PT_LOAD || !(ph.p_flags & elf::PF_W) || ph.p_offset > b.size()) continue;
    uint64_t end = ph.p_offset + std::min<uint64_t>(ph.p_filesz, b.size() - ph.p_offset);
    uint64_t at = ph.p_offset + (8 - ph.p_vaddr % 8) % 8;
    for (; at + 16 <= end; at += 8) {
      uint64_t w0 = load64(b, at);
      if (w0 != kLimineRevisionMagic[0] && w0 != kLimineRequestMagic[0]) continue;
      uint64_t w1 = load64(b, at + 8);
      if (w0 == kLimineRequestMagic[0] && w1 == kLimineRequestMagic[1]) {
        marks.found = true;
      } else if (w0 == kLimineRevisionMagic[0] && w1 == kLimineRevisionMagic[1] && at + 24 <= end) {
        marks.found = true;
        if (!marks.revision) marks.revision = load64(b, at + 16);
      }
    }
  }
  if (find_limine_request_list(b)) marks.found = true;  // an older kernel's list of its requests
  return marks;
}

const char* protocol_title(BootProtocol p) {
  switch (p) {
    case BootProtocol::limine: return "Limine";
    case BootProtocol::multiboot2: return "Multiboot2";
    case BootProtocol::multiboot1: return "Multiboot1";
    default: return "kbuild";
  }
}

}  // namespace

bool detect_boot_protocol(std::span<const uint8_t> elf, BootProtocol requested, ProtocolInfo* out,
                          std::string* err) {
  *out = ProtocolInfo{};
  if (requested == BootProtocol::kbuild) return true;
  // A protocol kernel.toml names needs only its own header. The Limine scan reads every
  // writable segment (a whole pass over a big kernel's data), so it runs only when its answer
  // is used: for "limine" and for auto-detection, which refuses a kernel carrying two.
  bool any = requested == BootProtocol::automatic;
  std::optional<uint32_t> mb2, mb1;
  if (any || requested == BootProtocol::multiboot2) mb2 = find_multiboot2(elf);
  if (any || requested == BootProtocol::multiboot1) mb1 = find_multiboot1(elf);
  LimineMarks limine;
  if (any || requested == BootProtocol::limine) limine = find_limine(elf);

  std::vector<std::string> found;
  if (limine.found) found.push_back("Limine requests");
  if (mb2) found.push_back(fmt::format("a Multiboot2 header (offset {:#x})", *mb2));
  if (mb1) found.push_back(fmt::format("a Multiboot1 header (offset {:#x})", *mb1));

  auto take = [&](BootProtocol p) {
    out->protocol = p;
    if (p == BootProtocol::multiboot2) out->header_offset = *mb2;
    if (p == BootProtocol::multiboot1) out->header_offset = *mb1;
    if (p == BootProtocol::limine) out->limine_revision = limine.revision.value_or(0);
    return true;
  };
  switch (requested) {
    case BootProtocol::limine:
      if (limine.found) return take(BootProtocol::limine);
      *err = "[bootloader] protocol is \"limine\", but the kernel has no Limine base-revision tag or request "
             "in a writable segment";
      return false;
    case BootProtocol::multiboot2:
      if (mb2) return take(BootProtocol::multiboot2);
      *err = "[bootloader] protocol is \"multiboot2\", but the kernel has no valid Multiboot2 header (magic "
             "0xE85250D6 and checksum, 8-byte aligned) in its first 32 KiB";
      return false;
    case BootProtocol::multiboot1:
      if (mb1) return take(BootProtocol::multiboot1);
      *err = "[bootloader] protocol is \"multiboot1\", but the kernel has no valid Multiboot1 header (magic "
             "0x1BADB002 and checksum, 4-byte aligned) in its first 8 KiB";
      return false;
    default: break;
  }
  if (found.size() > 1) {
    std::string list;
    for (size_t i = 0; i < found.size(); ++i)
      list += (i == 0 ? "" : i + 1 == found.size() ? " and " : ", ") + found[i];
    *err = fmt::format("the kernel carries {}; set [bootloader] protocol in kernel.toml to the one kbuild should "
                       "use",
                       list);
    return false;
  }
  if (limine.found) return take(BootProtocol::limine);
  if (mb2) return take(BootProtocol::multiboot2);
  if (mb1) return take(BootProtocol::multiboot1);
  return true;
}

std::string describe_protocol(const ProtocolInfo& info) {
  if (info.protocol == BootProtocol::limine)
    return fmt::format("Limine protocol, base revision {}", info.limine_revision);
  if (info.protocol == BootProtocol::kbuild) return "kbuild protocol";
  return protocol_title(info.protocol);
}

uint32_t manifest_protocol(BootProtocol protocol) {
  switch (protocol) {
    case BootProtocol::limine: return KBUILD_PROTOCOL_LIMINE;
    case BootProtocol::multiboot2: return KBUILD_PROTOCOL_MULTIBOOT2;
    case BootProtocol::multiboot1: return KBUILD_PROTOCOL_MULTIBOOT1;
    default: return KBUILD_PROTOCOL_KBUILD;
  }
}

}  // namespace kbuild
