// kbuild's UEFI loader for AArch64, BOOTAA64.EFI: the files from the boot device (manifest,
// kernel and modules through uefi/ and common/, as BOOTX64.EFI reads them), the device tree,
// the RSDP and the framebuffer from the firmware, the kernel's address space (boot.cpp) in
// pages from AllocatePages, UEFI's memory map and ExitBootServices, the boot information; then
// all RAM cleaned and invalidated to the point of coherency, the MMU off (uefi_entry.S) and the
// switch the direct loader makes, with the contract of <kbuild/boot.h>. It never returns to the
// firmware.
#include <kbuild/boot.h>

#include "../common/boot_info.h"
#include "../common/console.h"
#include "../common/fdt.h"
#include "../common/lib.h"
#include "../common/memory_map.h"
#include "../common/modules.h"
#include "../common/platform.h"
#include "../shared/boot_manifest.h"
#include "../uefi/allocator.h"
#include "../uefi/efi.h"
#include "../uefi/files.h"
#include "../uefi/firmware.h"
#include "../uefi/gop.h"
#include "../uefi/memory.h"
#include "../uefi/rsdp.h"
#include "a64.h"
#include "boot.h"
#include "smp.h"

extern "C" [[noreturn]] void leave_firmware(void (*next)(), uint64_t stack_top);

namespace {

constexpr uint64_t kLoaderStack = 64 * 1024;
constexpr uint64_t kExtraMapEntries = 16;  // what the boot-info block itself and rounding add

MemoryMap uefi_map;  // UEFI's map in kbuild's types; after ExitBootServices the final one
MemoryMap ram_map;   // the kernel's: uefi_map's RAM (firmware-reserved and MMIO ranges left out)
Region raw[MemoryMap::kMaxRaw];
kbuild_boot_manifest manifest;
Kernel kernel;
Modules modules;
DeviceTreeFacts tree;
a64::AddressSpace space;
a64::Cpus cpus;
uint64_t info_block;
alignas(16) uint8_t loader_stack[kLoaderStack];

// Cleans and invalidates every byte of RAM to the point of coherency, so what was written with
// the caches on is in memory once they are off, and no stale line is hit once they are on again.
void clean_all_ram(const MemoryMap& map) {
  uint64_t ctr;
  __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
  uint64_t line = uint64_t(4) << ((ctr >> 16) & 0xf);  // DminLine: log2 of words
  for (int i = 0; i < map.count(); ++i) {
    if (map[i].type == KBUILD_MEMORY_RESERVED) continue;
    for (uint64_t at = map[i].base & ~(line - 1); at < map[i].end; at += line)
      __asm__ volatile("dc civac, %0" ::"r"(at) : "memory");
  }
  __asm__ volatile("dsb sy" ::: "memory");
}

// With the MMU off, on the loader's own stack: the other CPUs started (PSCI works after
// ExitBootServices), then the switch into the kernel.
[[noreturn]] void after_firmware() {
  uint64_t offset = manifest.physical_memory_offset;
  a64::smp_start(cpus, space, offset, info_block);
  a64::enter(space, kernel.entry, offset + info_block);
}

uint64_t current_el() {
  uint64_t el;
  __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
  return (el >> 2) & 3;
}

}  // namespace

extern "C" [[noreturn]] efi::Status efi_main(efi::Handle image, efi::SystemTable* system) {
  console_init();
  uefi::init(image, system);
  uefi::check(uefi::boot()->set_watchdog_timer(0, 0, 0, nullptr), "SetWatchdogTimer");
  // At EL2, leave_firmware drops to EL1 once the firmware is done with.
  if (current_el() != 1 && current_el() != 2)
    Message().str("the firmware started the loader at EL").dec(current_el()).str("; kbuild's AArch64 UEFI loader runs at EL1 or EL2").fail();

  // The device tree first: it names the UART the error line goes to after ExitBootServices.
  uint64_t dtb = uefi::configuration_table(efi::kDeviceTreeTable);
  if (dtb == 0) fail("the firmware publishes no device tree (QEMU: -M virt,acpi=off)");
  read_device_tree(dtb, kUartPl011, &tree);
  if (tree.uart) a64::set_uart(tree.uart);

  // The files on the device this loader came from.
  uefi::open_boot_volume();
  uefi::read_manifest(&manifest);
  check_manifest(manifest);
  a64::check_manifest_aarch64(manifest);
  uefi::read_kernel(&kernel);
  load_modules(manifest, &modules);

  BootInfoInputs in = {};
  in.manifest = &manifest;
  in.kernel = &kernel;
  in.kernel_file_size = kernel.file_bytes;
  in.firmware = KBUILD_FIRMWARE_UEFI;
  in.efi_system_table = reinterpret_cast<uint64_t>(system);
  in.rsdp_address = uefi::find_rsdp();
  in.dtb = dtb;
  in.boot_cpu_id = a64::boot_cpu_id();
  in.modules = &modules;
  uefi::set_framebuffer(manifest.framebuffer_width, manifest.framebuffer_height, manifest.framebuffer_bpp,
                        &in.framebuffer);

  // The firmware's memory map now: where RAM is, and a buffer for the final one. The kernel's
  // tables are written with the caches on and cleaned with the rest of RAM below.
  uefi::read_memory_map(&uefi_map);
  space = a64::build_address_space(manifest, &kernel, uefi_map);
  in.stack = {0, space.stack_top};
  a64::smp_prepare(tree, &cpus);
  // Each record may split one entry of the map in three; the device tree may split one more.
  uint64_t capacity = uefi_map.count() + 2 * (uefi::record_count() + 3) + kExtraMapEntries;
  info_block = platform_allocate(boot_info_block_size(capacity), KBUILD_MEMORY_BOOT_INFO);

  // No boot services from here on; errors still reach the PL011.
  uefi::exit_boot_services(&uefi_map);
  int n = 0;
  for (int i = 0; i < uefi_map.count(); ++i)
    if (uefi_map[i].type != KBUILD_MEMORY_RESERVED) raw[n++] = uefi_map[i];
  ram_map.build(raw, n);
  ram_map.carve(align_down(tree.address, kPageSize), align_up(tree.address + tree.total_size, kPageSize),
                KBUILD_MEMORY_BOOT_INFO);
  write_boot_info(info_block, capacity, ram_map, in);
  clean_all_ram(uefi_map);
  leave_firmware(after_firmware, reinterpret_cast<uint64_t>(loader_stack + kLoaderStack));
}
