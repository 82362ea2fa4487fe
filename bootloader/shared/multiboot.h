// Multiboot2 (1.0) and Multiboot 0.6.96 as kbuild reads and writes them: header tags, the
// information kbuild's loader gives, and the one list of what it can give, which the image
// writer checks a kernel's required requests against (a kernel asking for more is refused when
// its image is written). Written from the two specifications.
//
// Shared by host code and the bootloader: <stdint.h> types only.
#ifndef KBUILD_MULTIBOOT_H
#define KBUILD_MULTIBOOT_H

#include <stdint.h>

namespace multiboot {

// Entry: EAX holds the magic, EBX the physical address of the information.
constexpr uint32_t kMultiboot2HeaderMagic = 0xE85250D6;
constexpr uint32_t kMultiboot2LoaderMagic = 0x36D76289;
constexpr uint32_t kMultiboot1HeaderMagic = 0x1BADB002;
constexpr uint32_t kMultiboot1LoaderMagic = 0x2BADB002;

// Multiboot2 header tags (u16 type, u16 flags, u32 size; 8-byte aligned).
constexpr uint16_t kHeaderEnd = 0;
constexpr uint16_t kHeaderInfoRequest = 1;
constexpr uint16_t kHeaderAddress = 2;
constexpr uint16_t kHeaderEntry = 3;
constexpr uint16_t kHeaderConsoleFlags = 4;
constexpr uint16_t kHeaderFramebuffer = 5;
constexpr uint16_t kHeaderModuleAlign = 6;
constexpr uint16_t kHeaderEfiBootServices = 7;
constexpr uint16_t kHeaderEntryEfi32 = 8;
constexpr uint16_t kHeaderEntryEfi64 = 9;
constexpr uint16_t kHeaderRelocatable = 10;
constexpr uint16_t kHeaderTagOptional = 1;  // flags bit 0

// Multiboot2 information tags.
constexpr uint32_t kInfoEnd = 0;
constexpr uint32_t kInfoCmdline = 1;
constexpr uint32_t kInfoLoaderName = 2;
constexpr uint32_t kInfoModule = 3;
constexpr uint32_t kInfoBasicMemory = 4;
constexpr uint32_t kInfoBootDevice = 5;
constexpr uint32_t kInfoMemoryMap = 6;
constexpr uint32_t kInfoFramebuffer = 8;
constexpr uint32_t kInfoElfSections = 9;
constexpr uint32_t kInfoEfi64SystemTable = 12;
constexpr uint32_t kInfoEfiMemoryMap = 17;
constexpr uint32_t kInfoAcpiOld = 14;
constexpr uint32_t kInfoAcpiNew = 15;
constexpr uint32_t kInfoLoadBase = 21;

// The information tags kbuild's loader gives on both firmwares, so a kernel may require them.
// Modules: one tag per module, none when there are none. The new ACPI tag: when the firmware's
// RSDP is revision 2 or later. The boot device: under BIOS. The framebuffer: under BIOS always
// (the EGA text screen without a mode), under UEFI when there is a GOP. The ELF sections: for an
// ELF kernel with section headers (the image writer refuses a kernel that requires them without
// having them). Given under UEFI only, so not to be required: the EFI64 system table and the EFI
// memory map.
inline bool loader_gives(uint32_t tag) {
  switch (tag) {
    case kInfoEnd:
    case kInfoCmdline:
    case kInfoLoaderName:
    case kInfoModule:
    case kInfoBasicMemory:
    case kInfoBootDevice:
    case kInfoMemoryMap:
    case kInfoFramebuffer:
    case kInfoElfSections:
    case kInfoAcpiOld:
    case kInfoAcpiNew:
    case kInfoLoadBase:
      return true;
    default:
      return false;
  }
}

// Multiboot2 memory map entry types (Multiboot1's are the same numbers).
constexpr uint32_t kMemoryAvailable = 1;
constexpr uint32_t kMemoryReserved = 2;
constexpr uint32_t kMemoryAcpiReclaimable = 3;
constexpr uint32_t kMemoryNvs = 4;
constexpr uint32_t kMemoryBad = 5;

// Multiboot1 header flags. Bits 0 to 15 are requirements: a kernel setting one kbuild does not
// know is refused.
constexpr uint32_t kFlagPageAlignModules = 1u << 0;
constexpr uint32_t kFlagMemoryInfo = 1u << 1;
constexpr uint32_t kFlagVideoMode = 1u << 2;
constexpr uint32_t kFlagAddressFields = 1u << 16;
constexpr uint32_t kFlagsKnownRequired = kFlagPageAlignModules | kFlagMemoryInfo | kFlagVideoMode;

// Multiboot1 information flags (which fields of Info1 are valid).
constexpr uint32_t kInfo1Memory = 1u << 0;
constexpr uint32_t kInfo1BootDevice = 1u << 1;
constexpr uint32_t kInfo1Cmdline = 1u << 2;
constexpr uint32_t kInfo1Modules = 1u << 3;
constexpr uint32_t kInfo1ElfSections = 1u << 5;
constexpr uint32_t kInfo1MemoryMap = 1u << 6;
constexpr uint32_t kInfo1LoaderName = 1u << 9;
constexpr uint32_t kInfo1Framebuffer = 1u << 12;

struct Info1 {
  uint32_t flags;
  uint32_t mem_lower, mem_upper;  // KiB
  uint32_t boot_device;
  uint32_t cmdline;
  uint32_t mods_count, mods_addr;
  uint32_t syms[4];
  uint32_t mmap_length, mmap_addr;
  uint32_t drives_length, drives_addr;
  uint32_t config_table;
  uint32_t boot_loader_name;
  uint32_t apm_table;
  uint32_t vbe_control_info, vbe_mode_info;
  uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
  uint64_t framebuffer_addr;
  uint32_t framebuffer_pitch, framebuffer_width, framebuffer_height;
  uint8_t framebuffer_bpp, framebuffer_type;
  uint8_t color_info[6];
} __attribute__((packed));
static_assert(sizeof(Info1) == 116, "Multiboot1 information structure");

struct Mmap1Entry {
  uint32_t size;  // of the rest of the entry: 20
  uint64_t base, length;
  uint32_t type;
} __attribute__((packed));
static_assert(sizeof(Mmap1Entry) == 24, "Multiboot1 memory map entry");

struct Module1 {
  uint32_t mod_start, mod_end;  // [start, end) physical
  uint32_t string;              // the module's command line, NUL-terminated
  uint32_t reserved;
};
static_assert(sizeof(Module1) == 16, "Multiboot1 module entry");

// Framebuffer types (both protocols).
constexpr uint8_t kFramebufferRgb = 1;
constexpr uint8_t kFramebufferEgaText = 2;

// The loader's name in both protocols' boot loader name.
constexpr const char* kLoaderName = "kbuild";

}  // namespace multiboot

#endif
