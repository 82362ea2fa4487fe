// kbuild's UEFI loader for riscv64, BOOTRISCV64.EFI (U-Boot's UEFI on OpenSBI, in S-mode with
// the MMU off): the device tree and the boot hart from the firmware, the files from the boot
// device through uefi/, pages from AllocatePages, then boot.cpp's steps with ExitBootServices
// just before the memory map is written. It never returns to the firmware.
#include <kbuild/boot.h>

#include "../uefi/efi.h"
#include "../uefi/files.h"
#include "../uefi/firmware.h"
#include "../uefi/memory.h"
#include "../uefi/rsdp.h"
#include "boot.h"
#include "boot_info.h"
#include "boot_manifest.h"
#include "console.h"
#include "devices.h"
#include "fdt.h"
#include "kernel.h"
#include "lib.h"
#include "memory_map.h"
#include "platform.h"
#include "riscv64_loader.h"

MemoryMap g_memory_map;  // UEFI's map in kbuild's types; the final one once boot services end

namespace {

DeviceTreeFacts g_tree;

bool con_out(const char* text) {
  if (!uefi::boot_services_active()) return false;
  platform_console_write(text);
  return true;
}

// RISCV_EFI_BOOT_PROTOCOL when the firmware has it, else the device tree's /chosen boot-hartid.
uint64_t boot_hart() {
  void* interface = nullptr;
  efi::Status status = uefi::boot()->locate_protocol(&efi::kRiscvBootProtocol, nullptr, &interface);
  if (status == efi::kSuccess && interface != nullptr) {
    auto* protocol = static_cast<efi::RiscvBoot*>(interface);
    uint64_t hart = 0;
    uefi::check(protocol->get_boot_hartid(protocol, &hart), "RISCV_EFI_BOOT_PROTOCOL.GetBootHartId");
    return hart;
  }
  if (!g_tree.has_boot_hart)
    fail("the firmware has no RISCV_EFI_BOOT_PROTOCOL and the device tree no /chosen boot-hartid");
  return g_tree.boot_hart;
}

// What the device tree reserves (OpenSBI's own memory): U-Boot's map shows it as free or as
// boot-services data, both USABLE once boot services end. Taken before anything is allocated
// (where the firmware would still hand it out), and RESERVED in the final map.
void claim_reserved_memory() {
  for (int i = 0; i < g_tree.reserved_count; ++i) {
    const Region& r = g_tree.reserved[i];
    platform_claim(align_down(r.base, kPageSize), align_up(r.end, kPageSize), KBUILD_MEMORY_RESERVED);
  }
}

void mark_reserved_memory() {
  for (int i = 0; i < g_tree.reserved_count; ++i) {
    const Region& r = g_tree.reserved[i];
    g_memory_map.carve(align_down(r.base, kPageSize), align_up(r.end, kPageSize), KBUILD_MEMORY_RESERVED);
  }
}

// The device tree in BOOT_INFO pages of the loader's (U-Boot keeps its copy in ACPI-reclaimable
// memory): the kernel finds it where the direct boot's contract says.
uint64_t copy_device_tree(uint64_t dtb) {
  uint64_t copy = platform_allocate(g_tree.total_size, KBUILD_MEMORY_BOOT_INFO);
  memcpy(phys_ptr<void>(copy), phys_ptr<void>(dtb), g_tree.total_size);
  return copy;
}

void leave_firmware() {
  uefi::exit_boot_services(&g_memory_map);
  mark_reserved_memory();
}

}  // namespace

extern "C" [[noreturn]] efi::Status efi_main(efi::Handle image, efi::SystemTable* system) {
  console_use_firmware(con_out);
  uefi::init(image, system);
  uefi::check(uefi::boot()->set_watchdog_timer(0, 0, 0, nullptr), "SetWatchdogTimer");

  // The device tree first: it names the UART the error line goes to after ExitBootServices.
  uint64_t dtb = uefi::configuration_table(efi::kDeviceTreeTable);
  if (dtb == 0) fail("the firmware publishes no device tree");
  read_device_tree(dtb, kUartNs16550a, &g_tree);
  if (g_tree.uart) console_use_uart(g_tree.uart);
  console_init();
  claim_reserved_memory();
  dtb = copy_device_tree(dtb);

  // The files on the device this loader came from.
  uefi::open_boot_volume();
  static kbuild_boot_manifest manifest;
  uefi::read_manifest(&manifest);
  check_manifest(manifest);
  rv64::check_protocol(manifest);
  static Kernel kernel;  // in .bss: the loader's stack stays small
  uefi::read_kernel(&kernel);

  rv64::Handoff handoff = {};
  handoff.manifest = &manifest;
  handoff.kernel = &kernel;
  handoff.tree = &g_tree;
  handoff.dtb = dtb;
  handoff.hart_id = boot_hart();
  handoff.firmware = KBUILD_FIRMWARE_UEFI;
  handoff.efi_system_table = reinterpret_cast<uint64_t>(system);
  handoff.leave_firmware = leave_firmware;
  // RAM as UEFI has it now: the physical memory mapping's size comes from its end.
  uefi::read_memory_map(&g_memory_map);
  rv64::boot_kernel(handoff);
}
