#include "multiboot_uefi.h"

#include <kbuild/boot.h>

#include "allocator.h"
#include "gop.h"
#include "lib.h"
#include "memory.h"
#include "multiboot_boot.h"
#include "multiboot_info.h"
#include "platform.h"
#include "rsdp.h"

namespace {
constexpr uint64_t kExtraMapEntries = 16;  // what the information block and rounding add
}

void boot_multiboot(const kbuild_boot_manifest& manifest, const Kernel& kernel, MemoryMap* memory,
                    const Modules& modules, uint64_t system_table) {
  multiboot_place(kernel);
  uefi::read_memory_map(memory);

  kbuild_framebuffer framebuffer = {};
  uefi::set_framebuffer(manifest.framebuffer_width, manifest.framebuffer_height, manifest.framebuffer_bpp,
                        &framebuffer);

  // Sized for the final map: each record may split one entry in three.
  uint64_t entries = memory->count() + 2 * (uefi::record_count() + 2) + kExtraMapEntries;
  uint64_t size = multiboot_info_size(entries, uefi::raw_memory_map_capacity());
  uint64_t block = platform_allocate(size, KBUILD_MEMORY_BOOT_INFO);
  MultibootInputs in = multiboot_inputs(manifest, kernel, memory, modules);
  in.framebuffer = framebuffer;
  in.rsdp_address = uefi::find_rsdp();
  in.boot_drive = 0xffffffffu;
  in.ega_text = false;
  in.efi_system_table = system_table;

  // No boot services from here on; errors still reach COM1.
  uefi::exit_boot_services(memory);
  uefi::RawMap raw = uefi::raw_memory_map();
  in.efi_map = raw.address;
  in.efi_map_size = raw.size;
  in.efi_descriptor_size = raw.descriptor_size;
  in.efi_descriptor_version = raw.descriptor_version;
  multiboot_enter(kernel, block, in);
}
