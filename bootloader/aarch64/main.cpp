// kbuild's direct loader for aarch64 (QEMU virt, `-kernel` this, `-initrd` the disk image): from
// the device tree to the kernel's entry with the contract of <kbuild/boot.h>. The manifest,
// kernel, modules and boot information are common/'s, as on riscv64; the address space and
// the switch are boot.cpp's, shared with BOOTAA64.EFI. The screen is QEMU's ramfb when there is one.
#include <kbuild/boot.h>

#include "../common/boot_info.h"
#include "../common/console.h"
#include "../common/fdt.h"
#include "../common/lib.h"
#include "../common/modules.h"
#include "../common/platform.h"
#include "../common/ram_image.h"
#include "a64.h"
#include "boot.h"
#include "direct.h"
#include "ramfb.h"
#include "smp.h"

extern "C" char __loader_start[], __loader_end[];

namespace {

constexpr uint64_t kMapCapacity = 256;  // memory map entries the boot information has room for

DeviceTreeFacts g_tree;  // in .bss: the loader's stack stays small
kbuild_boot_manifest g_manifest;
Kernel g_kernel;
Modules g_modules;
a64::Cpus g_cpus;

}  // namespace

extern "C" [[noreturn]] void loader_main(uint64_t dtb) {
  read_device_tree(dtb, kUartPl011, &g_tree);
  if (g_tree.uart) a64::set_uart(g_tree.uart);
  device_tree_memory_map(g_tree, reinterpret_cast<uint64_t>(__loader_start),
                         reinterpret_cast<uint64_t>(__loader_end), &g_memory_map);

  ram_image_use(g_tree.initrd_start, g_tree.initrd_end);
  ram_image_read_manifest(&g_manifest);
  a64::check_manifest_aarch64(g_manifest);
  ram_image_read_kernel(g_manifest, &g_kernel);
  load_modules(g_manifest, &g_modules);

  a64::AddressSpace space = a64::build_address_space(g_manifest, &g_kernel, g_memory_map);
  a64::smp_prepare(g_tree, &g_cpus);
  BootInfoInputs in = {};
  // After the address space: the framebuffer's RAM stays normal memory in the physical mapping.
  a64::set_up_ramfb(g_tree.fw_cfg, g_manifest, &in.framebuffer);
  uint64_t block = platform_allocate(boot_info_block_size(kMapCapacity), KBUILD_MEMORY_BOOT_INFO);
  in.manifest = &g_manifest;
  in.kernel = &g_kernel;
  in.kernel_file_size = g_kernel.file_bytes;
  in.stack = {0, space.stack_top};
  in.firmware = 0;  // no firmware loader: booted directly
  in.dtb = g_tree.address;
  in.boot_cpu_id = a64::boot_cpu_id();
  in.modules = &g_modules;
  write_boot_info(block, kMapCapacity, g_memory_map, in);
  a64::smp_start(g_cpus, space, g_manifest.physical_memory_offset, block);
  a64::enter(space, g_kernel.entry, g_manifest.physical_memory_offset + block);
}
