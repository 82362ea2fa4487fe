// Booting a Limine-protocol kernel: everything between the kernel file in memory and the jump,
// firmware-neutral. Each firmware's loader supplies what only it knows (LiminePlatform), then
// makes the jump with the returned handoff.
#pragma once
#include <kbuild/boot.h>
#include <stdint.h>

#include "address_space.h"
#include "boot_manifest.h"
#include "kernel.h"
#include "limine_mp.h"
#include "limine_protocol.h"
#include "memory_map.h"
#include "modules.h"

// The firmware's own memory map (UEFI), in memory the kernel sees as bootloader-reclaimable.
struct LimineEfiMap {
  uint64_t address, size, descriptor_size, descriptor_version;  // physical address
};

struct LiminePlatform {
  uint64_t firmware_type;     // limine::kFirmware*
  uint64_t rsdp;              // physical; 0 when the firmware has none
  uint64_t efi_system_table;  // physical; 0 on BIOS
  uint64_t smbios32, smbios64;  // the SMBIOS entry points, physical; 0 when absent
  bool nx;
  bool has_boot_time;  // the firmware's clock read as a date
  int64_t boot_time;   // UNIX time, seconds
  MemoryMap* memory;   // the allocator; handed to the kernel in its final state
  const Modules* modules;
  // Sets a linear framebuffer of exactly this mode, or with width 0 the firmware's choice;
  // fails the boot when there is no such mode. All zero: no framebuffer.
  void (*set_framebuffer)(uint32_t width, uint32_t height, uint32_t bpp, kbuild_framebuffer* out);
  // How many entries the map may have once it is final, asked just before the last allocation.
  uint64_t (*final_map_capacity)(const MemoryMap& memory);
  // Makes the stack's entry page (map_stack) reachable at its address from the loader's own page
  // tables, once the kernel's tables exist; `mapped` is the direct map's size.
  void (*share_entry_page)(const Stack& stack, uint64_t kernel_pml4, uint64_t mapped);
  // The firmware's last step before the map is final (UEFI: ExitBootServices); may be null.
  void (*leave_firmware)(MemoryMap* memory);
  // The firmware's map as the last read before leaving it left it; null on BIOS, which has none.
  LimineEfiMap (*efi_memory_map)();
};

struct LimineHandoff {
  Stack stack;
  uint64_t cr3, entry, gdtr;
  LimineMp mp;  // the MP request's answer, filled by limine_start_cpus
};

// The kernel's segments must be in the file buffer (kernel_parse and the firmware's read done).
// Maps the kernel and the direct map, answers the requests it implements, zeroes the base
// revision tag's last word. After it, nothing may be allocated.
LimineHandoff limine_prepare(const kbuild_boot_manifest& manifest, Kernel* kernel,
                             const LiminePlatform& platform);

// How enter_kernel.S enters a Limine kernel: the protocol's GDT selectors, a zero return address.
constexpr uint64_t kLimineEnter = enter_how(limine::kCodeSelector64, limine::kDataSelector64, true);

// Starts the other CPUs when the kernel asked for MP: the last step before the jump, with the PAT
// and page protection set, on tables that identity-map low memory and map the entry page.
void limine_start_cpus(const LimineHandoff& handoff);

// Sets the PAT and page protection, starts the other CPUs, and jumps through the entry page map_stack set up, which
// must be mapped in the current tables too.
[[noreturn]] void limine_enter_kernel(const LimineHandoff& handoff, bool nx);
