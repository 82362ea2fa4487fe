// The riscv64 direct loader: `qemu-system-riscv64 -M virt -kernel <this> -initrd <disk image>`.
// OpenSBI enters loader_main in S-mode; the disk image sits in RAM where the device tree's
// /chosen says. From it (common/ram_image): the boot manifest (LBA 34) and the packed kernel
// (kernel_lba), checked by the rules the x86_64 loaders follow; then boot.cpp's steps
// (include/kbuild/boot.h, the riscv64 entry state).
#include <kbuild/boot.h>

#include "boot.h"
#include "boot_manifest.h"
#include "console.h"
#include "devices.h"
#include "fdt.h"
#include "kernel.h"
#include "memory_map.h"
#include "ram_image.h"
#include "riscv64_loader.h"

namespace {

DeviceTreeFacts g_tree;

}  // namespace

extern "C" [[noreturn]] void loader_main(uint64_t hart_id, uint64_t dtb) {
  console_init();
  read_device_tree(dtb, kUartNs16550a, &g_tree);
  if (g_tree.uart) console_use_uart(g_tree.uart);
  device_tree_memory_map(g_tree, reinterpret_cast<uint64_t>(__loader_start),
                         reinterpret_cast<uint64_t>(__loader_end), &g_memory_map);

  ram_image_use(g_tree.initrd_start, g_tree.initrd_end);
  static kbuild_boot_manifest manifest;
  ram_image_read_manifest(&manifest);
  rv64::check_protocol(manifest);
  static Kernel kernel;  // in .bss: the loader's stack stays small
  ram_image_read_kernel(manifest, &kernel);

  rv64::Handoff handoff = {};
  handoff.manifest = &manifest;
  handoff.kernel = &kernel;
  handoff.tree = &g_tree;
  handoff.dtb = dtb;
  handoff.hart_id = hart_id;
  handoff.firmware = 0;  // no firmware loader: booted directly, as on aarch64
  rv64::boot_kernel(handoff);
}
