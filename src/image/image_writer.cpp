#include "image/image_writer.h"

#include <cstddef>
#include <cstring>

#include <kbuild/exit_codes.h>

#include "boot_manifest.h"
#include "core/fs.h"
#include "image/bootloader_blob.h"
#include "image/disk_layout.h"
#include "image/gpt.h"
#include "image/kernel_pack.h"

namespace kbuild {

namespace {

constexpr uint64_t kSector = kSectorBytes;
constexpr uint64_t kMiB = 1024 * 1024;
constexpr size_t kDiskSignatureOffset = offsetof(MasterBootRecord, unique_mbr_disk_signature);

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

// The seed of a GPT disk's identities (disk and partition GUIDs, the FAT serial number): a
// 64-bit FNV-1a over what the image is made of, so the same inputs give the same image.
uint64_t identity_seed(const PackedKernel& kernel, const kbuild_boot_manifest& manifest, const ImageOptions& o,
                       std::span<const uint8_t> loader) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const uint8_t*>(data)[i]) * 1099511628211ull;
  };
  mix(kernel.headers.data(), kernel.headers.size());
  mix(&kernel.size, sizeof(kernel.size));
  mix(&manifest, sizeof(manifest));
  uint8_t mode[2] = {static_cast<uint8_t>(o.boot), static_cast<uint8_t>(o.mbr_boot_flag)};
  mix(mode, sizeof(mode));
  mix(loader.data(), loader.size());
  return h;
}

// splitmix64: independent-looking values from one seed.
uint64_t derive(uint64_t seed, uint64_t index) {
  uint64_t z = seed + (index + 1) * 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

Guid derived_guid(uint64_t seed, uint64_t index) {
  return Guid::from_bits(derive(seed, 2 * index), derive(seed, 2 * index + 1));
}

// The boot code of a "uefi" image's protective MBR, for a BIOS that boots it anyway: print the
// message after the code on COM1 and the screen, end a run under kbuild's QEMU, halt.
//   xor ax,ax; mov ds,ax; mov si,0x7c00+46; cld
//   next: lodsb; test al,al; jz done; mov bl,al; mov dx,0x3fd
//   wait: in al,dx; test al,0x20; jz wait; mov dx,0x3f8; mov al,bl; out dx,al
//         mov ah,0x0e; mov bx,7; int 0x10; jmp next
//   done: mov al,KBUILD_EXIT_BOOT_FAILED; out KBUILD_DEBUG_EXIT_PORT,al
//   halt: cli; hlt; jmp halt
std::vector<uint8_t> uefi_only_boot_code() {
  static_assert(KBUILD_EXIT_BOOT_FAILED <= 0xff && KBUILD_DEBUG_EXIT_PORT <= 0xff);
  static constexpr uint8_t kCode[] = {
      0x31, 0xc0, 0x8e, 0xd8, 0xbe, 0x2e, 0x7c, 0xfc, 0xac, 0x84, 0xc0, 0x74, 0x19, 0x88, 0xc3, 0xba,
      0xfd, 0x03, 0xec, 0xa8, 0x20, 0x74, 0xfb, 0xba, 0xf8, 0x03, 0x88, 0xd8, 0xee, 0xb4, 0x0e, 0xbb,
      0x07, 0x00, 0xcd, 0x10, 0xeb, 0xe2, 0xb0, KBUILD_EXIT_BOOT_FAILED, 0xe6, KBUILD_DEBUG_EXIT_PORT,
      0xfa, 0xf4, 0xeb, 0xfc};
  static_assert(sizeof(kCode) == 0x2e, "the message follows the code at 0x7c00 + 0x2e");
  static constexpr char kMessage[] =
      KBUILD_BOOT_FAILURE_PREFIX "this disk boots on UEFI only ([target] boot = \"uefi\")\r\n";
  std::vector<uint8_t> code(sizeof(kCode) + sizeof(kMessage));  // the message with its NUL
  std::memcpy(code.data(), kCode, sizeof(kCode));
  std::memcpy(code.data() + sizeof(kCode), kMessage, sizeof(kMessage));
  return code;
}

template <class T>
std::span<const uint8_t> as_bytes(const T& value) {
  return {reinterpret_cast<const uint8_t*>(&value), sizeof(T)};
}

// Today's BIOS-only sector 0: stage 1, a disk signature and one active partition over the
// kernel area, of a "non-filesystem data" type.
MasterBootRecord bios_mbr(std::span<const uint8_t> stage1, uint32_t signature, const DiskPlan& plan) {
  MasterBootRecord mbr;
  static_assert(sizeof(mbr) == kSector);
  std::memcpy(&mbr, stage1.data(), kSector);
  std::memset(reinterpret_cast<uint8_t*>(&mbr) + kDiskSignatureOffset, 0, 510 - kDiskSignatureOffset);
  mbr.unique_mbr_disk_signature = signature;
  mbr.partition_record[0] = {0x80,
                             {0xfe, 0xff, 0xff},
                             0xda,
                             {0xfe, 0xff, 0xff},
                             static_cast<uint32_t>(plan.kernel_lba),
                             static_cast<uint32_t>(plan.disk_sectors - plan.kernel_lba)};
  mbr.signature = 0xaa55;
  return mbr;
}

}  // namespace

const char* boot_mode_firmware(BootMode boot) {
  switch (boot) {
    case BootMode::bios: return "BIOS";
    case BootMode::uefi: return "UEFI";
    case BootMode::hybrid: break;
  }
  return "BIOS and UEFI";
}

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

  bool bios_stages = opts.boot != BootMode::uefi;
  bool gpt = opts.boot != BootMode::bios;
  std::span<const uint8_t> stage1 = bootloader_stage1();
  std::span<const uint8_t> stage2 = bootloader_stage2();
  std::span<const uint8_t> loader = gpt ? bootloader_uefi_x64() : std::span<const uint8_t>();
  uint64_t stage2_sectors = (stage2.size() + kSector - 1) / kSector;
  if (stage1.size() != kSector || stage2_sectors > KBUILD_STAGE2_MAX_SECTORS || (gpt && loader.empty())) {
    return fail("the bundled bootloader is malformed");
  }

  kbuild_boot_manifest manifest = {};
  manifest.magic = KBUILD_MANIFEST_MAGIC;
  manifest.version = KBUILD_MANIFEST_VERSION;
  if (bios_stages) {
    manifest.stage2_sectors = static_cast<uint32_t>(stage2_sectors);
    manifest.stage2_lba = KBUILD_STAGE2_LBA;
  }
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

  uint64_t seed = identity_seed(kernel, manifest, opts, loader);
  DiskPlan plan;
  if (!plan_disk(opts.boot, kernel.size, loader.size(), static_cast<uint32_t>(derive(seed, 0)), &plan, &why))
    return fail(why);
  manifest.kernel_lba = plan.kernel_lba;

  // Everything but the kernel's segments, as runs of bytes; zeroes are left as holes.
  std::vector<ByteRun> runs;
  auto add = [&](uint64_t offset, std::span<const uint8_t> bytes) {
    runs.push_back({offset, std::vector<uint8_t>(bytes.begin(), bytes.end())});
  };
  if (!gpt) {
    add(0, as_bytes(bios_mbr(stage1, disk_signature(kernel, manifest), plan)));
  } else {
    std::vector<uint8_t> uefi_only = uefi_only_boot_code();
    std::span<const uint8_t> boot_code = bios_stages ? stage1.first(kDiskSignatureOffset) : uefi_only;
    add(0, as_bytes(protective_mbr(boot_code, plan.disk_sectors, opts.mbr_boot_flag)));
    std::vector<GptPartition> partitions;
    if (bios_stages) {
      partitions.push_back({kBiosBootPartitionGuid, derived_guid(seed, 2), kBiosBootFirstLba, kEspFirstLba - 1,
                            kBiosBootPartitionName});
    }
    partitions.push_back(
        {kEfiSystemPartitionGuid, derived_guid(seed, 3), kEspFirstLba, plan.esp_last_lba, kEfiSystemPartitionName});
    for (ByteRun& run : gpt_runs(plan.disk_sectors, derived_guid(seed, 1), partitions)) runs.push_back(std::move(run));
    uint64_t esp = kEspFirstLba * kSector;
    for (const ByteRun& run : plan.esp.metadata) runs.push_back({esp + run.offset, run.bytes});
    add(esp + plan.esp.file_offsets[kEspLoader], loader);
    add(esp + plan.esp.file_offsets[kEspManifest], as_bytes(manifest));
  }
  if (bios_stages) {
    add(KBUILD_MANIFEST_LBA * kSector, as_bytes(manifest));
    add(KBUILD_STAGE2_LBA * kSector, stage2);
  }
  uint64_t kernel_start = plan.kernel_lba * kSector;
  add(kernel_start, kernel.headers);

  AtomicFile file;
  if (!file.open(out, &why)) return fail(why);
  bool ok = true;
  for (size_t i = 0; ok && i < runs.size(); ++i) ok = file.write_at(runs[i].offset, runs[i].bytes, &why);
  // Segments go straight from the ELF to the image: inside the kernel when the ELF's file is
  // given, else from the caller's buffer; one pass either way.
  for (size_t i = 0; ok && i < kernel.segments.size(); ++i) {
    const PackedSegment& s = kernel.segments[i];
    std::span<const uint8_t> bytes = kernel_elf.subspan(s.source_offset, s.size);
    ok = kernel_fd >= 0
             ? copy_file_bytes(kernel_fd, s.source_offset, file.fd(), kernel_start + s.packed_offset, bytes, &why)
             : file.write_at(kernel_start + s.packed_offset, bytes, &why);
  }
  ok = ok && file.set_size(plan.disk_sectors * kSector, &why) && file.commit(&why);
  if (!ok) return fail(why);
  return true;
}

}  // namespace kbuild
