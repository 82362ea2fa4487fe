#include "image/image_writer.h"

#include <cstring>

#include "boot_manifest.h"
#include "core/fs.h"
#include "image/bootloader_blob.h"
#include "image/kernel_pack.h"

namespace kbuild {

namespace {

constexpr uint64_t kSector = KBUILD_SECTOR_SIZE;
constexpr uint64_t kMiB = 1024 * 1024;

struct MbrPartition {
  uint8_t status;
  uint8_t chs_first[3];
  uint8_t type;
  uint8_t chs_last[3];
  uint32_t lba_first;
  uint32_t sectors;
};
static_assert(sizeof(MbrPartition) == 16);

constexpr size_t kDiskSignatureOffset = 440;
constexpr size_t kPartitionTableOffset = 446;

bool check_options(const ImageOptions& o, std::string* err) {
  if (o.stack_size < 64 * 1024 || o.stack_size % 4096 != 0) {
    *err = "stack size " + std::to_string(o.stack_size) +
           " is not a multiple of 4096 of at least 64 KiB";
    return false;
  }
  uint64_t off = o.physical_memory_offset;
  uint64_t top = off >> 47;
  if (off % (2 * kMiB) != 0 || (top != 0 && top != 0x1ffff) ||
      (off != 0 && off < (uint64_t(512) << 30))) {
    *err =
        "physical memory offset must be 0 or a canonical, 2 MiB aligned address of at least "
        "512 GiB";
    return false;
  }
  if (o.cmdline.size() >= KBUILD_MANIFEST_CMDLINE_MAX ||
      o.cmdline.find('\0') != std::string::npos) {
    *err = "command line longer than " + std::to_string(KBUILD_MANIFEST_CMDLINE_MAX - 1) +
           " bytes or with a NUL in it";
    return false;
  }
  if (o.framebuffer_width != 0) {
    bool bpp_ok = o.framebuffer_bpp == 8 || o.framebuffer_bpp == 15 || o.framebuffer_bpp == 16 ||
                  o.framebuffer_bpp == 24 || o.framebuffer_bpp == 32;
    if (o.framebuffer_height == 0 || o.framebuffer_width > 0xffff ||
        o.framebuffer_height > 0xffff || !bpp_ok) {
      *err = "framebuffer must be WIDTHxHEIGHT (both non-zero) at 8, 15, 16, 24 or 32 bpp";
      return false;
    }
  }
  return true;
}

// FNV-1a over the headers and settings: a disk signature that is stable for the same kernel.
uint32_t disk_signature(const PackedKernel& kernel, const kbuild_boot_manifest& manifest) {
  uint32_t h = 2166136261u;
  auto mix = [&](const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const uint8_t*>(data)[i]) * 16777619u;
  };
  mix(kernel.headers.data(), kernel.headers.size());
  mix(&manifest, sizeof(manifest));
  return h == 0 ? 1 : h;
}

}  // namespace

bool write_image(const ImageOptions& opts, std::span<const uint8_t> kernel_elf,
                 const std::filesystem::path& out, std::string* err, int kernel_fd) {
  std::string why;
  auto fail = [&](const std::string& message) {
    *err = "cannot write " + out.string() + ": " + message;
    return false;
  };
  if (!check_options(opts, &why)) return fail(why);
  PackedKernel kernel;
  if (!pack_kernel(kernel_elf, &kernel, &why)) return fail("cannot pack the kernel: " + why);

  std::span<const uint8_t> stage1 = bootloader_stage1();
  std::span<const uint8_t> stage2 = bootloader_stage2();
  uint64_t stage2_sectors = (stage2.size() + kSector - 1) / kSector;
  if (stage1.size() != kSector || stage2_sectors > KBUILD_STAGE2_MAX_SECTORS) {
    return fail("the bundled bootloader is malformed");
  }

  kbuild_boot_manifest manifest = {};
  manifest.magic = KBUILD_MANIFEST_MAGIC;
  manifest.version = KBUILD_MANIFEST_VERSION;
  manifest.stage2_sectors = static_cast<uint32_t>(stage2_sectors);
  manifest.stage2_lba = KBUILD_STAGE2_LBA;
  manifest.kernel_lba = KBUILD_KERNEL_MIN_LBA;
  manifest.kernel_bytes = kernel.size;
  manifest.stack_size = opts.stack_size;
  manifest.physical_memory_offset = opts.physical_memory_offset;
  if (opts.framebuffer_width != 0) {
    manifest.framebuffer_width = opts.framebuffer_width;
    manifest.framebuffer_height = opts.framebuffer_height;
    manifest.framebuffer_bpp = opts.framebuffer_bpp;
  }
  manifest.cmdline_length = static_cast<uint32_t>(opts.cmdline.size());
  std::memcpy(manifest.cmdline, opts.cmdline.data(), opts.cmdline.size());

  uint64_t kernel_start = manifest.kernel_lba * kSector;
  uint64_t image_size = (kernel_start + kernel.size + kMiB - 1) / kMiB * kMiB;
  if (image_size / kSector > 0xffffffffu) return fail("the kernel is too large for an MBR disk");

  uint8_t mbr[kSector];
  std::memcpy(mbr, stage1.data(), kSector);
  std::memset(mbr + kDiskSignatureOffset, 0, 510 - kDiskSignatureOffset);
  uint32_t signature = disk_signature(kernel, manifest);
  std::memcpy(mbr + kDiskSignatureOffset, &signature, sizeof(signature));
  // One bootable partition over the kernel area, of a "non-filesystem data" type.
  MbrPartition part = {0x80,
                       {0xfe, 0xff, 0xff},
                       0xda,
                       {0xfe, 0xff, 0xff},
                       static_cast<uint32_t>(manifest.kernel_lba),
                       static_cast<uint32_t>(image_size / kSector - manifest.kernel_lba)};
  std::memcpy(mbr + kPartitionTableOffset, &part, sizeof(part));
  mbr[510] = 0x55;
  mbr[511] = 0xaa;

  uint8_t manifest_sector[kSector];
  static_assert(sizeof(manifest) == kSector);
  std::memcpy(manifest_sector, &manifest, kSector);

  AtomicFile file;
  if (!file.open(out, &why)) return fail(why);
  bool ok = file.write_at(0, std::span<const uint8_t>(mbr, kSector), &why) &&
            file.write_at(KBUILD_MANIFEST_LBA * kSector, manifest_sector, &why) &&
            file.write_at(KBUILD_STAGE2_LBA * kSector, stage2, &why) &&
            file.write_at(kernel_start, kernel.headers, &why);
  // Segments go straight from the ELF to the image: inside the kernel when the ELF's file is
  // given, else from the caller's buffer; one pass either way.
  for (size_t i = 0; ok && i < kernel.segments.size(); ++i) {
    const PackedSegment& s = kernel.segments[i];
    std::span<const uint8_t> bytes = kernel_elf.subspan(s.source_offset, s.size);
    ok = kernel_fd >= 0
             ? copy_file_bytes(kernel_fd, s.source_offset, file.fd(), kernel_start + s.packed_offset, bytes, &why)
             : file.write_at(kernel_start + s.packed_offset, bytes, &why);
  }
  ok = ok && file.set_size(image_size, &why) && file.commit(&why);
  if (!ok) return fail(why);
  return true;
}

}  // namespace kbuild
