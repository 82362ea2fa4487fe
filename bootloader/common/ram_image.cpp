#include "ram_image.h"

#include "boot_info.h"
#include "console.h"
#include "lib.h"
#include "platform.h"

namespace {

uint64_t g_start = 0, g_end = 0;

}  // namespace

void ram_image_use(uint64_t start, uint64_t end) {
  g_start = start;
  g_end = end;
}

const uint8_t* ram_image_bytes(uint64_t lba, uint64_t bytes, const char* what) {
  uint64_t size = g_end - g_start;
  if (lba > size / KBUILD_SECTOR_SIZE || bytes > size - lba * KBUILD_SECTOR_SIZE) {
    Message().str(what).str(" (").dec(bytes).str(" bytes at LBA ").dec(lba).str(") runs past the end of the ")
        .dec(size).str("-byte disk image").fail();
  }
  return phys_ptr<const uint8_t>(g_start + lba * KBUILD_SECTOR_SIZE);
}

void ram_image_read_manifest(kbuild_boot_manifest* m) {
  constexpr uint64_t kManifestAt = uint64_t{KBUILD_MANIFEST_LBA} * KBUILD_SECTOR_SIZE;
  if (g_end <= g_start || g_end - g_start < kManifestAt + sizeof(*m)) {
    fail("no disk image in RAM: the device tree's /chosen has no linux,initrd-start/-end (kbuild "
         "passes the image with -initrd)");
  }
  memcpy(m, phys_ptr<void>(g_start + kManifestAt), sizeof(*m));
  check_manifest(*m);
}

void ram_image_read_kernel(const kbuild_boot_manifest& m, Kernel* kernel) {
  const uint8_t* packed = ram_image_bytes(m.kernel_lba, m.kernel_bytes, "the packed kernel");
  if (!kernel_has_elf_magic(packed, m.kernel_bytes)) fail("bad kernel: no ELF magic at kernel_lba");
  kernel_parse(packed, m.kernel_bytes, m.kernel_bytes, kernel);
  kernel_claim_homes(*kernel);
  kernel->file_address = platform_allocate(kernel->file_size, kernel_file_type(*kernel));
  memcpy(phys_ptr<void>(kernel->file_address), packed, kernel->file_bytes);
  memset(phys_ptr<uint8_t>(kernel->file_address) + kernel->file_bytes, 0, kernel->file_size - kernel->file_bytes);
}

void platform_read_module_table(const kbuild_boot_manifest& manifest, kbuild_module_entry* table) {
  uint64_t bytes = manifest.module_count * sizeof(kbuild_module_entry);
  memcpy(table, ram_image_bytes(manifest.modules_lba, bytes, "the module table"), bytes);
}

void platform_read_module(uint32_t, const kbuild_module_entry& entry, uint64_t dest) {
  memcpy(phys_ptr<void>(dest), ram_image_bytes(entry.lba, entry.size, "a module"), entry.size);
}
