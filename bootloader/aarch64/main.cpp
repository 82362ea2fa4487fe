// kbuild's direct loader for aarch64 (QEMU virt, `-kernel` this, `-initrd` the disk image): from
// the device tree to the kernel's entry with the contract of <kbuild/boot.h>. The steps after
// the kernel file is found are boot.cpp's, shared with BOOTAA64.EFI.
#include <kbuild/boot.h>

#include "../shared/boot_manifest.h"
#include "a64.h"
#include "boot.h"
#include "fdt.h"
#include "memory.h"
#include "ramfb.h"

extern "C" char __loader_start[], __loader_end[];

namespace a64 {
namespace {

const kbuild_boot_manifest& read_manifest(const DeviceTree& tree) {
  if (tree.initrd_start == 0 || tree.initrd_end <= tree.initrd_start)
    fail("no disk image in RAM: the device tree's /chosen has no linux,initrd-start (start QEMU with -initrd IMAGE)");
  uint64_t size = tree.initrd_end - tree.initrd_start;
  if (size < (KBUILD_MANIFEST_LBA + 1) * KBUILD_SECTOR_SIZE)
    Message().str("the disk image in RAM is ").dec(size).str(" bytes, too small for a kbuild image").fail();
  const auto& m = *phys<const kbuild_boot_manifest>(tree.initrd_start + KBUILD_MANIFEST_LBA * KBUILD_SECTOR_SIZE);
  if (m.magic != KBUILD_MANIFEST_MAGIC) fail("bad boot manifest: no KBLDMAN1 magic at LBA 34 of the disk image");
  check_manifest(m);
  uint64_t start = m.kernel_lba * KBUILD_SECTOR_SIZE;
  if (m.kernel_lba == 0 || start > size || size - start < m.kernel_bytes)
    Message().str("the packed kernel (").dec(m.kernel_bytes).str(" bytes at LBA ").dec(m.kernel_lba).str(") runs past the disk image in RAM (").dec(size).str(" bytes)").fail();
  return m;
}

}  // namespace
}  // namespace a64

extern "C" [[noreturn]] void loader_main(uint64_t dtb) {
  using namespace a64;
  static DeviceTree tree;  // in .bss: the loader's stack stays small
  read_device_tree(dtb, &tree);
  if (tree.uart) set_uart(tree.uart);

  static Memory memory;
  memory.init(tree.memory, tree.memory_count);
  memory.take(reinterpret_cast<uint64_t>(__loader_start), reinterpret_cast<uint64_t>(__loader_end), KBUILD_MEMORY_BOOTLOADER);
  memory.take(tree.address, tree.address + tree.size, KBUILD_MEMORY_BOOT_INFO);
  for (int i = 0; i < tree.reserved_count; ++i) memory.take(tree.reserved[i].base, tree.reserved[i].end, KBUILD_MEMORY_RESERVED);
  const kbuild_boot_manifest& manifest = read_manifest(tree);
  memory.take(tree.initrd_start, tree.initrd_end, KBUILD_MEMORY_BOOTLOADER);

  Handoff handoff = {};
  handoff.manifest = &manifest;
  handoff.file = tree.initrd_start + manifest.kernel_lba * KBUILD_SECTOR_SIZE;
  handoff.dtb = tree.address;
  set_up_ramfb(tree.fw_cfg, manifest, &memory, &handoff.framebuffer);
  static Kernel kernel;
  check_kernel(handoff.file, manifest.kernel_bytes, &kernel);
  boot_kernel(handoff, kernel, &memory);
}
