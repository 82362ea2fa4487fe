// The riscv64 direct loader: `qemu-system-riscv64 -M virt -kernel <this> -initrd <disk image>`.
// OpenSBI enters loader_main in S-mode; the disk image sits in RAM where the device tree's
// /chosen says. From it: the boot manifest (LBA 34) and the packed kernel (kernel_lba), checked
// by the rules the x86_64 loaders follow; then boot.cpp's steps (include/kbuild/boot.h, the
// riscv64 entry state).
#include <kbuild/boot.h>

#include "boot.h"
#include "boot_manifest.h"
#include "console.h"
#include "devices.h"
#include "fdt.h"
#include "kernel.h"
#include "lib.h"
#include "memory_map.h"
#include "platform.h"
#include "riscv64_loader.h"

namespace {

DeviceTreeFacts g_tree;

void carve_if_ram(uint64_t base, uint64_t end, uint32_t type) {
  g_memory_map.carve(align_down(base, kPageSize), align_up(end, kPageSize), type);
}

void build_memory_map(uint64_t dtb) {
  Region raw[2 * DeviceTreeFacts::kMaxRegions];
  int n = 0;
  for (int i = 0; i < g_tree.memory_count; ++i) raw[n++] = g_tree.memory[i];
  for (int i = 0; i < g_tree.reserved_count; ++i) raw[n++] = g_tree.reserved[i];
  if (g_tree.memory_count == 0) fail("the device tree has no /memory node");
  g_memory_map.build(raw, n);
  carve_if_ram(reinterpret_cast<uint64_t>(__loader_start), reinterpret_cast<uint64_t>(__loader_end),
               KBUILD_MEMORY_BOOTLOADER);
  carve_if_ram(g_tree.initrd_start, g_tree.initrd_end, KBUILD_MEMORY_BOOTLOADER);
  carve_if_ram(dtb, dtb + g_tree.total_size, KBUILD_MEMORY_BOOT_INFO);
}

// The disk image: its manifest, checked.
const kbuild_boot_manifest& read_manifest(kbuild_boot_manifest* m) {
  uint64_t size = g_tree.initrd_end - g_tree.initrd_start;
  constexpr uint64_t kManifestAt = uint64_t{KBUILD_MANIFEST_LBA} * KBUILD_SECTOR_SIZE;
  if (g_tree.initrd_end <= g_tree.initrd_start || size < kManifestAt + sizeof(*m)) {
    fail("no disk image in RAM: the device tree's /chosen has no linux,initrd-start/-end (kbuild "
         "passes the image with -initrd)");
  }
  memcpy(m, phys_ptr<void>(g_tree.initrd_start + kManifestAt), sizeof(*m));
  rv64::check_manifest(*m);
  if (m->kernel_lba > size / KBUILD_SECTOR_SIZE ||
      m->kernel_bytes > size - m->kernel_lba * KBUILD_SECTOR_SIZE) {
    Message().str("the packed kernel (").dec(m->kernel_bytes).str(" bytes at LBA ").dec(m->kernel_lba)
        .str(") runs past the end of the ").dec(size).str("-byte disk image").fail();
  }
  return *m;
}

// `bytes` of the disk image in RAM from sector `lba`, checked to lie inside it.
const uint8_t* image_bytes(uint64_t lba, uint64_t bytes, const char* what) {
  uint64_t size = g_tree.initrd_end - g_tree.initrd_start;
  if (lba > size / KBUILD_SECTOR_SIZE || bytes > size - lba * KBUILD_SECTOR_SIZE) {
    Message().str(what).str(" (").dec(bytes).str(" bytes at LBA ").dec(lba).str(") runs past the end of the ")
        .dec(size).str("-byte disk image").fail();
  }
  return phys_ptr<const uint8_t>(g_tree.initrd_start + lba * KBUILD_SECTOR_SIZE);
}

}  // namespace

// The modules come out of the disk image in RAM, where the image writer put them.
void platform_read_module_table(const kbuild_boot_manifest& manifest, kbuild_module_entry* table) {
  uint64_t bytes = manifest.module_count * sizeof(kbuild_module_entry);
  memcpy(table, image_bytes(manifest.modules_lba, bytes, "the module table"), bytes);
}

void platform_read_module(uint32_t, const kbuild_module_entry& entry, uint64_t dest) {
  memcpy(phys_ptr<void>(dest), image_bytes(entry.lba, entry.size, "a module"), entry.size);
}

extern "C" [[noreturn]] void loader_main(uint64_t hart_id, uint64_t dtb) {
  console_init();
  read_device_tree(dtb, &g_tree);
  if (g_tree.uart) console_use_uart(g_tree.uart);
  build_memory_map(dtb);

  kbuild_boot_manifest manifest;
  const kbuild_boot_manifest& m = read_manifest(&manifest);
  const auto* packed = phys_ptr<const uint8_t>(g_tree.initrd_start + m.kernel_lba * KBUILD_SECTOR_SIZE);
  if (!kernel_has_elf_magic(packed, m.kernel_bytes)) fail("bad kernel: no ELF magic at kernel_lba");
  rv64::Handoff handoff = {};
  handoff.manifest = &m;
  handoff.packed = packed;
  handoff.dtb = dtb;
  handoff.hart_id = hart_id;
  handoff.firmware = 0;  // no firmware loader: booted directly, as on aarch64
  rv64::boot_kernel(handoff);
}
