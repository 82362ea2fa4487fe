// kbuild's UEFI loader for AArch64, BOOTAA64.EFI: the files from the boot device, the device
// tree, the RSDP and the framebuffer from the firmware, UEFI's memory map and ExitBootServices
// through uefi/, then the MMU off and the direct loader's steps (boot.cpp) with the contract of
// <kbuild/boot.h>. It never returns to the firmware.
#include <kbuild/boot.h>

#include "../common/console.h"
#include "../common/memory_map.h"
#include "../shared/boot_manifest.h"
#include "a64.h"
#include "boot.h"
#include "../uefi/efi.h"
#include "fdt.h"
#include "../uefi/files.h"
#include "../uefi/firmware.h"
#include "../uefi/gop.h"
#include "../uefi/memory.h"
#include "../uefi/rsdp.h"

extern "C" [[noreturn]] void leave_firmware(void (*next)(), uint64_t stack_top);

namespace {

constexpr uint64_t kLoaderStack = 64 * 1024;

MemoryMap uefi_map;  // UEFI's final map in kbuild's types, the loader's records carved
kbuild_boot_manifest manifest;
a64::Kernel kernel;
a64::DeviceTree tree;
a64::Handoff handoff;
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

// With the MMU off: RAM from UEFI's map (firmware-reserved and MMIO ranges are not RAM), each
// non-usable range taken with its kbuild type, the device tree as BOOT_INFO; then boot.cpp.
[[noreturn]] void after_firmware() {
  static a64::Memory memory;
  static a64::Range ram[a64::DeviceTree::kMaxRanges];
  int ram_count = 0;
  for (int i = 0; i < uefi_map.count(); ++i) {
    const Region& r = uefi_map[i];
    if (r.type == KBUILD_MEMORY_RESERVED) continue;
    if (ram_count > 0 && ram[ram_count - 1].end == r.base) {
      ram[ram_count - 1].end = r.end;
      continue;
    }
    if (ram_count == a64::DeviceTree::kMaxRanges) a64::fail("UEFI's memory map has more than 64 separate ranges of RAM");
    ram[ram_count++] = {r.base, r.end};
  }
  memory.init(ram, ram_count);
  for (int i = 0; i < uefi_map.count(); ++i) {
    const Region& r = uefi_map[i];
    if (r.type != KBUILD_MEMORY_RESERVED && r.type != KBUILD_MEMORY_USABLE) memory.take(r.base, r.end, r.type);
  }
  memory.take(tree.address, tree.address + tree.size, KBUILD_MEMORY_BOOT_INFO);
  a64::boot_kernel(handoff, kernel, &memory);
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
    a64::Message().str("the firmware started the loader at EL").dec(current_el()).str("; kbuild's AArch64 UEFI loader runs at EL1 or EL2").fail();

  // The device tree first: it names the UART the error line goes to after ExitBootServices.
  uint64_t dtb = uefi::configuration_table(efi::kDeviceTreeTable);
  if (dtb == 0) a64::fail("the firmware publishes no device tree (QEMU: -M virt,acpi=off)");
  a64::read_device_tree(dtb, &tree);
  if (tree.uart) a64::set_uart(tree.uart);

  // The files on the device this loader came from.
  uefi::open_boot_volume();
  uefi::read_manifest(&manifest);
  a64::check_manifest(manifest);
  uint64_t size = 0;
  uint64_t file = uefi::read_kernel_file(&size);
  if (size != manifest.kernel_bytes)
    a64::Message().str(KBUILD_ESP_KERNEL_PATH).str(" is ").dec(size).str(" bytes, not the ").dec(manifest.kernel_bytes).str(" the manifest says").fail();
  a64::check_kernel(file, size, &kernel);

  handoff.manifest = &manifest;
  handoff.file = file;
  handoff.dtb = dtb;
  handoff.firmware = KBUILD_FIRMWARE_UEFI;
  handoff.efi_system_table = reinterpret_cast<uint64_t>(system);
  handoff.rsdp = uefi::find_rsdp();
  uefi::set_framebuffer(manifest.framebuffer_width, manifest.framebuffer_height, manifest.framebuffer_bpp,
                        &handoff.framebuffer);

  // No boot services from here on; errors still reach the PL011.
  uefi::read_memory_map(&uefi_map);
  uefi::exit_boot_services(&uefi_map);
  clean_all_ram(uefi_map);
  leave_firmware(after_firmware, reinterpret_cast<uint64_t>(loader_stack + kLoaderStack));
}
