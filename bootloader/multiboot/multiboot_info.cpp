#include "multiboot_info.h"

#include "boot_limits.h"
#include "lib.h"
#include "multiboot.h"

namespace {

// The ACPI 2.0 RSDP is 36 bytes. A longer length field is copied only this far, which the
// block's fixed budget (multiboot_info_size) has room for.
constexpr uint32_t kMaxXsdpBytes = 64;

uint32_t multiboot_type(uint32_t kbuild_type) {
  switch (kbuild_type) {
    case KBUILD_MEMORY_RESERVED: return multiboot::kMemoryReserved;
    case KBUILD_MEMORY_ACPI_RECLAIMABLE: return multiboot::kMemoryAcpiReclaimable;
    case KBUILD_MEMORY_ACPI_NVS: return multiboot::kMemoryNvs;
    case KBUILD_MEMORY_BAD: return multiboot::kMemoryBad;
    case KBUILD_MEMORY_EFI_RUNTIME: return multiboot::kMemoryReserved;
    default: return multiboot::kMemoryAvailable;  // usable RAM and everything kbuild placed in it
  }
}

struct MapEntry {
  uint64_t base, length;
  uint32_t type;
};

// Walks the map in Multiboot types, merging neighbours of the same type.
template <class F>
void for_each_entry(const MemoryMap& memory, F&& f) {
  MapEntry pending = {0, 0, 0};
  for (int i = 0; i < memory.count(); ++i) {
    const Region& r = memory[i];
    uint32_t type = multiboot_type(r.type);
    if (pending.length != 0 && pending.type == type && pending.base + pending.length == r.base) {
      pending.length += r.end - r.base;
      continue;
    }
    if (pending.length != 0) f(pending);
    pending = {r.base, r.end - r.base, type};
  }
  if (pending.length != 0) f(pending);
}

// KiB of available memory from 0 (at most 640) and from 1 MiB, as both protocols define them.
void basic_memory(const MemoryMap& memory, uint32_t* lower, uint32_t* upper) {
  *lower = *upper = 0;
  for_each_entry(memory, [&](const MapEntry& e) {
    if (e.type != multiboot::kMemoryAvailable) return;
    if (e.base == 0) {
      uint64_t end = e.length < 640 * 1024 ? e.length : 640 * 1024;
      *lower = static_cast<uint32_t>(end / 1024);
    }
    if (e.base <= kMiB && e.base + e.length > kMiB) {
      uint64_t kib = (e.base + e.length - kMiB) / 1024;
      *upper = kib > 0xffffffffu ? 0xffffffffu : static_cast<uint32_t>(kib);
    }
  });
}

kbuild_framebuffer screen_of(const kbuild_framebuffer& fb, uint8_t* type) {
  if (fb.address != 0) {
    *type = multiboot::kFramebufferRgb;
    return fb;
  }
  kbuild_framebuffer text = {};
  text.address = 0xb8000;
  text.width = 80;
  text.height = 25;
  text.pitch = 160;
  text.bpp = 16;
  *type = multiboot::kFramebufferEgaText;
  return text;
}

// Appends Multiboot2 tags, each 8-byte aligned.
class Tags {
 public:
  explicit Tags(uint64_t at) : at_(at) {}
  uint8_t* begin(uint32_t type, uint32_t size) {
    uint8_t* tag = phys_ptr<uint8_t>(at_);
    memset(tag, 0, align_up(size, 8));
    put32(tag, type);
    put32(tag + 4, size);
    at_ += align_up(size, 8);
    return tag;
  }
  uint64_t at() const { return at_; }
  static void put32(uint8_t* p, uint32_t v) { memcpy(p, &v, 4); }
  static void put64(uint8_t* p, uint64_t v) { memcpy(p, &v, 8); }

 private:
  uint64_t at_;
};

uint32_t str_len(const char* s) {
  uint32_t n = 0;
  while (s[n]) ++n;
  return n;
}

}  // namespace

uint64_t multiboot_info_size(uint64_t map_entries, uint64_t efi_map_bytes) {
  // A module: a Multiboot2 tag or a Multiboot1 entry, and its string.
  constexpr uint64_t kModuleBytes = 16 + KBUILD_MODULE_CMDLINE_MAX + 8;
  return align_up(4096 + KBUILD_MANIFEST_CMDLINE_MAX + (map_entries + 1) * 24 + efi_map_bytes +
                      KBUILD_MODULES_MAX * kModuleBytes + 24 + kbuild_limits::kMaxMultibootSectionHeaderBytes,
                  kPageSize);
}

void write_multiboot2_info(uint64_t block, const MultibootInputs& in) {
  Tags tags(block + 8);
  const kbuild_boot_manifest& m = *in.manifest;

  uint8_t* t = tags.begin(multiboot::kInfoCmdline, 8 + m.cmdline_length + 1);
  memcpy(t + 8, m.cmdline, m.cmdline_length);

  uint32_t name = str_len(multiboot::kLoaderName);
  t = tags.begin(multiboot::kInfoLoaderName, 8 + name + 1);
  memcpy(t + 8, multiboot::kLoaderName, name);

  // One tag per module: its range and its command line (GRUB's string).
  for (uint32_t i = 0; i < in.modules->count; ++i) {
    const kbuild_module_entry& e = in.modules->entries[i];
    uint32_t length = str_len(e.cmdline);
    t = tags.begin(multiboot::kInfoModule, 16 + length + 1);
    Tags::put32(t + 8, static_cast<uint32_t>(in.modules->address[i]));
    Tags::put32(t + 12, static_cast<uint32_t>(in.modules->address[i] + e.size));
    memcpy(t + 16, e.cmdline, length);
  }

  uint32_t lower, upper;
  basic_memory(*in.memory, &lower, &upper);
  t = tags.begin(multiboot::kInfoBasicMemory, 16);
  Tags::put32(t + 8, lower);
  Tags::put32(t + 12, upper);

  if (in.boot_drive != 0xffffffffu) {
    t = tags.begin(multiboot::kInfoBootDevice, 20);
    Tags::put32(t + 8, in.boot_drive);
    Tags::put32(t + 12, 0xffffffffu);  // the kernel is not in a partition the kernel could name
    Tags::put32(t + 16, 0xffffffffu);
  }

  uint32_t entries = 0;
  for_each_entry(*in.memory, [&](const MapEntry&) { ++entries; });
  t = tags.begin(multiboot::kInfoMemoryMap, 16 + entries * 24);
  Tags::put32(t + 8, 24);  // entry_size
  Tags::put32(t + 12, 0);  // entry_version
  uint8_t* e = t + 16;
  for_each_entry(*in.memory, [&](const MapEntry& entry) {
    Tags::put64(e, entry.base);
    Tags::put64(e + 8, entry.length);
    Tags::put32(e + 16, entry.type);
    Tags::put32(e + 20, 0);
    e += 24;
  });

  if (in.framebuffer.address != 0 || in.ega_text) {
    uint8_t fb_type;
    kbuild_framebuffer fb = screen_of(in.framebuffer, &fb_type);
    t = tags.begin(multiboot::kInfoFramebuffer, fb_type == multiboot::kFramebufferRgb ? 38 : 32);
    Tags::put64(t + 8, fb.address);
    Tags::put32(t + 16, fb.pitch);
    Tags::put32(t + 20, fb.width);
    Tags::put32(t + 24, fb.height);
    t[28] = static_cast<uint8_t>(fb.bpp);
    t[29] = fb_type;
    if (fb_type == multiboot::kFramebufferRgb) {
      uint8_t colors[6] = {fb.red_shift, fb.red_size, fb.green_shift, fb.green_size, fb.blue_shift, fb.blue_size};
      memcpy(t + 32, colors, 6);
    }
  }

  // The section header table, each section GRUB loads at the sh_addr the table gives it.
  if (in.sections_table != 0) {
    uint32_t bytes = in.sections_count * in.sections_entry_size;
    t = tags.begin(multiboot::kInfoElfSections, 20 + bytes);
    Tags::put32(t + 8, in.sections_count);
    Tags::put32(t + 12, in.sections_entry_size);
    Tags::put32(t + 16, in.sections_names_index);
    memcpy(t + 20, phys_ptr<const void>(in.sections_table), bytes);
  }

  if (in.efi_system_table != 0) {
    t = tags.begin(multiboot::kInfoEfi64SystemTable, 16);
    Tags::put64(t + 8, in.efi_system_table);
  }
  if (in.efi_map != 0) {
    t = tags.begin(multiboot::kInfoEfiMemoryMap, static_cast<uint32_t>(16 + in.efi_map_size));
    Tags::put32(t + 8, static_cast<uint32_t>(in.efi_descriptor_size));
    Tags::put32(t + 12, in.efi_descriptor_version);
    memcpy(t + 16, phys_ptr<const void>(in.efi_map), in.efi_map_size);
  }

  if (in.rsdp_address != 0) {
    const uint8_t* rsdp = phys_ptr<const uint8_t>(in.rsdp_address);
    t = tags.begin(multiboot::kInfoAcpiOld, 8 + 20);
    memcpy(t + 8, rsdp, 20);
    uint32_t length;
    memcpy(&length, rsdp + 20, 4);
    if (rsdp[15] >= 2 && length >= 36 && length <= kMaxXsdpBytes) {
      t = tags.begin(multiboot::kInfoAcpiNew, 8 + length);
      memcpy(t + 8, rsdp, length);
    }
  }

  t = tags.begin(multiboot::kInfoLoadBase, 12);
  Tags::put32(t + 8, static_cast<uint32_t>(in.load_base));

  tags.begin(multiboot::kInfoEnd, 8);
  uint32_t total = static_cast<uint32_t>(tags.at() - block);
  Tags::put32(phys_ptr<uint8_t>(block), total);
  Tags::put32(phys_ptr<uint8_t>(block + 4), 0);
}

void write_multiboot1_info(uint64_t block, const MultibootInputs& in) {
  auto* info = phys_ptr<multiboot::Info1>(block);
  memset(info, 0, sizeof(*info));
  uint64_t at = block + align_up(sizeof(*info), 8);
  const kbuild_boot_manifest& m = *in.manifest;

  info->flags = multiboot::kInfo1Memory | multiboot::kInfo1Cmdline | multiboot::kInfo1Modules |
                multiboot::kInfo1MemoryMap | multiboot::kInfo1LoaderName;
  if (in.framebuffer.address != 0 || in.ega_text) info->flags |= multiboot::kInfo1Framebuffer;
  if (in.sections_table != 0) {  // the table stays where the loader placed it
    info->flags |= multiboot::kInfo1ElfSections;
    info->syms[0] = in.sections_count;
    info->syms[1] = in.sections_entry_size;
    info->syms[2] = static_cast<uint32_t>(in.sections_table);
    info->syms[3] = in.sections_names_index;
  }
  basic_memory(*in.memory, &info->mem_lower, &info->mem_upper);
  if (in.boot_drive != 0xffffffffu) {
    info->flags |= multiboot::kInfo1BootDevice;
    info->boot_device = (in.boot_drive << 24) | 0xffffffu;  // drive, no partition
  }

  info->mmap_addr = static_cast<uint32_t>(at);
  for_each_entry(*in.memory, [&](const MapEntry& e) {
    multiboot::Mmap1Entry entry = {20, e.base, e.length, e.type};
    memcpy(phys_ptr<void>(at), &entry, sizeof(entry));
    at += sizeof(entry);
  });
  info->mmap_length = static_cast<uint32_t>(at - info->mmap_addr);

  info->cmdline = static_cast<uint32_t>(at);
  memcpy(phys_ptr<void>(at), m.cmdline, m.cmdline_length);
  phys_ptr<char>(at)[m.cmdline_length] = 0;
  at += m.cmdline_length + 1;

  uint32_t name = str_len(multiboot::kLoaderName);
  info->boot_loader_name = static_cast<uint32_t>(at);
  memcpy(phys_ptr<void>(at), multiboot::kLoaderName, name + 1);
  at += name + 1;

  // The module list, then each module's command line.
  const Modules& modules = *in.modules;
  at = align_up(at, 8);
  info->mods_count = modules.count;
  info->mods_addr = static_cast<uint32_t>(at);
  uint64_t strings = at + modules.count * sizeof(multiboot::Module1);
  for (uint32_t i = 0; i < modules.count; ++i) {
    const kbuild_module_entry& e = modules.entries[i];
    uint32_t length = str_len(e.cmdline);
    memcpy(phys_ptr<void>(strings), e.cmdline, length + 1);
    multiboot::Module1 module = {static_cast<uint32_t>(modules.address[i]),
                                 static_cast<uint32_t>(modules.address[i] + e.size),
                                 static_cast<uint32_t>(strings), 0};
    memcpy(phys_ptr<void>(at + i * sizeof(module)), &module, sizeof(module));
    strings += length + 1;
  }

  uint8_t fb_type;
  kbuild_framebuffer fb = screen_of(in.framebuffer, &fb_type);
  info->framebuffer_addr = fb.address;
  info->framebuffer_pitch = fb.pitch;
  info->framebuffer_width = fb.width;
  info->framebuffer_height = fb.height;
  info->framebuffer_bpp = static_cast<uint8_t>(fb.bpp);
  info->framebuffer_type = fb_type;
  if (fb_type == multiboot::kFramebufferRgb) {
    uint8_t colors[6] = {fb.red_shift, fb.red_size, fb.green_shift, fb.green_size, fb.blue_shift, fb.blue_size};
    memcpy(info->color_info, colors, 6);
  }
}
