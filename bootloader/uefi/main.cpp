// kbuild's UEFI loader, BOOTX64.EFI: from the files on the boot device to the kernel's entry
// point, with the same contract as the BIOS loader (include/kbuild/boot.h). efi_main reads as
// the list of steps. It never returns to the firmware: an error ends in the error line and a
// halt (the firmware would start its shell and the run would hang).
#include <kbuild/boot.h>

#include "address_space.h"
#include "allocator.h"
#include "boot_info.h"
#include "console.h"
#include "cpu.h"
#include "efi.h"
#include "files.h"
#include "firmware.h"
#include "gop.h"
#include "kernel.h"
#include "limine_address_space.h"
#include "limine_boot.h"
#include "limine_protocol.h"
#include "lib.h"
#include "memory.h"
#include "memory_map.h"
#include "modules.h"
#include "multiboot_uefi.h"
#include "paging.h"
#include "platform.h"
#include "rsdp.h"
#include "smp.h"

namespace {

constexpr uint64_t kExtraMapEntries = 16;  // what the boot-info block itself and rounding add

MemoryMap memory;
Kernel kernel;
Modules modules;
kbuild_boot_manifest manifest;

// Page tables to switch through: the loader's identity map (the firmware's own tables may be
// read-only, so they cannot take enter_kernel's page) plus the kernel's slot of that page.
uint64_t transition_tables(uint64_t kernel_pml4, const Stack& stack, uint64_t phys_map_size,
                           bool nx) {
  PageTables tables(KBUILD_MEMORY_BOOTLOADER, nx);
  for (uint64_t p = 0; p < phys_map_size; p += kLargePageSize) {
    tables.map_2m(p, p, kPageWritable, "the loader's identity map");
  }
  int slot = pml4_slot(stack.entry_page);
  phys_ptr<uint64_t>(tables.pml4())[slot] = phys_ptr<uint64_t>(kernel_pml4)[slot];
  return tables.pml4();
}

uint64_t final_map_capacity(const MemoryMap& map) {
  // Each record may split one entry of the map in three.
  return map.count() + 2 * (uefi::record_count() + 2) + kExtraMapEntries;
}

LimineEfiMap efi_memory_map() {
  uefi::RawMap raw = uefi::raw_memory_map();
  return {raw.address, raw.size, raw.descriptor_size, raw.descriptor_version};
}

uint64_t limine_switch_tables;
bool limine_nx;

void share_limine_entry_page(const Stack& stack, uint64_t kernel_pml4, uint64_t mapped) {
  limine_switch_tables = transition_tables(kernel_pml4, stack, mapped, limine_nx);
}

// The Limine boot protocol (limine/).
[[noreturn]] void boot_limine(efi::SystemTable* system, bool nx) {
  uefi::read_memory_map(&memory);
  limine_nx = nx;
  LiminePlatform platform = {};
  platform.firmware_type = limine::kFirmwareUefi64;
  platform.rsdp = uefi::find_rsdp();
  platform.smbios32 = uefi::configuration_table(efi::kSmbiosTable);
  platform.smbios64 = uefi::configuration_table(efi::kSmbios3Table);
  platform.efi_system_table = reinterpret_cast<uint64_t>(system);
  platform.has_boot_time = uefi::read_unix_time(&platform.boot_time);
  platform.nx = nx;
  platform.memory = &memory;
  platform.modules = &modules;
  platform.set_framebuffer = uefi::set_framebuffer;
  platform.final_map_capacity = final_map_capacity;
  platform.share_entry_page = share_limine_entry_page;
  platform.leave_firmware = uefi::exit_boot_services;
  platform.efi_memory_map = efi_memory_map;
  LimineHandoff handoff = limine_prepare(manifest, &kernel, platform);
  limine_set_pat();
  enable_page_protection(nx);
  cpu::write_cr3(limine_switch_tables);
  limine_start_cpus(handoff);
  enter_kernel_at(handoff.stack, handoff.cr3, handoff.entry, 0, handoff.gdtr, kLimineEnter);
}

}  // namespace

extern "C" [[noreturn]] efi::Status EFIAPI efi_main(efi::Handle image, efi::SystemTable* system) {
  console_init();
  uefi::init(image, system);
  uefi::check(uefi::boot()->set_watchdog_timer(0, 0, 0, nullptr), "SetWatchdogTimer");
  bool nx = cpu::has_no_execute();

  // The files on the device this loader came from.
  uefi::open_boot_volume();
  uefi::read_manifest(&manifest);
  check_manifest(manifest);
  uefi::read_kernel(&kernel);
  load_modules(manifest, &modules);
  // One branch per protocol; kbuild's own is the rest of this function.
  switch (manifest.protocol) {
    case KBUILD_PROTOCOL_KBUILD: break;
    case KBUILD_PROTOCOL_LIMINE: boot_limine(system, nx);
    case KBUILD_PROTOCOL_MULTIBOOT2:
    case KBUILD_PROTOCOL_MULTIBOOT1: boot_multiboot(manifest, kernel, &memory, modules, reinterpret_cast<uint64_t>(system));
    default:
      Message().str("boot protocol ").dec(manifest.protocol).str(" is not one this loader speaks").fail();
  }
  const uint64_t offset = manifest.physical_memory_offset;

  // The firmware's memory map now: how much RAM to map, and a buffer for the final one.
  uefi::read_memory_map(&memory);

  // The kernel's page tables: its segments, all physical memory at the offset, the stack.
  PageTables tables(KBUILD_MEMORY_PAGE_TABLES, nx);
  kernel_map(&kernel, &tables);
  uint64_t phys_map_size = map_physical_memory(&tables, offset, memory.ram_end());
  Stack stack = map_stack(&tables, kernel, manifest.stack_size, offset, phys_map_size);
  uint64_t switch_tables = transition_tables(tables.pml4(), stack, phys_map_size, nx);

  kbuild_framebuffer framebuffer = {};
  uefi::set_framebuffer(manifest.framebuffer_width, manifest.framebuffer_height,
                        manifest.framebuffer_bpp, &framebuffer);
  if (framebuffer.address + uint64_t(framebuffer.pitch) * framebuffer.height > phys_map_size) {
    fail("the framebuffer lies beyond the physical memory mapping");
  }

  // The other CPUs: found now (their start-up page must be allocated under boot services),
  // started last.
  uint64_t rsdp = uefi::find_rsdp();
  KbuildCpus cpus;
  smp_prepare_kbuild(rsdp, &cpus);

  // The boot information block now, filled once the final map is known: each record may split
  // one entry of the map in three.
  uint64_t capacity = memory.count() + 2 * (uefi::record_count() + 2) + kExtraMapEntries;
  uint64_t block = platform_allocate(boot_info_block_size(capacity), KBUILD_MEMORY_BOOT_INFO);
  BootInfoInputs inputs = {};
  inputs.manifest = &manifest;
  inputs.kernel = &kernel;
  inputs.kernel_file_size = kernel.file_bytes;
  inputs.stack = stack;
  inputs.framebuffer = framebuffer;
  inputs.rsdp_address = rsdp;
  inputs.firmware = KBUILD_FIRMWARE_UEFI;
  inputs.efi_system_table = reinterpret_cast<uint64_t>(system);
  inputs.boot_cpu_id = cpu::apic_id();
  inputs.modules = &modules;

  // No boot services from here on; errors still reach COM1.
  uefi::exit_boot_services(&memory);
  uint64_t gdtr = write_boot_info(block, capacity, memory, inputs);

  enable_page_protection(nx);
  cpu::write_cr3(switch_tables);
  smp_enter_kbuild(cpus, {tables.pml4(), gdtr, KBUILD_GDT_CODE64, KBUILD_GDT_DATA, offset, stack.entry_page},
                   block);
  enter_kernel_at(stack, tables.pml4(), kernel.entry, offset + block, gdtr);
}
