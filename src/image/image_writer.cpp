#include "image/image_writer.h"

#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "boot_limits.h"
#include "boot_manifest.h"
#include "core/fs.h"
#include "image/boot_sector.h"
#include "image/elf_validate.h"
#include "image/limine_check.h"
#include "image/bootloader_blob.h"
#include "image/disk_identity.h"
#include "image/disk_layout.h"
#include "image/gpt.h"
#include "image/kernel_pack.h"
#include "image/multiboot_kernel.h"

namespace kbuild {

namespace {

constexpr uint64_t kSector = kSectorBytes;
constexpr uint64_t kMiB = 1024 * 1024;

// The module table's entry for `m`, without its place on the disk.
kbuild_module_entry module_entry(const ImageModule& m, uint64_t size) {
  kbuild_module_entry e = {};
  e.size = size;
  std::string name = m.path.filename().string();
  std::memcpy(e.name, name.data(), name.size());
  std::memcpy(e.cmdline, m.cmdline.data(), m.cmdline.size());
  return e;
}

}  // namespace

bool module_fields_ok(const ImageModule& m, std::string* err) {
  std::string name = m.path.filename().string();
  if (!kbuild_limits::module_name_length_ok(name.size())) {
    *err = fmt::format("the file name '{}' must be 1 to {} bytes long", name,
                       kbuild_limits::kMaxModuleNameBytes - 1);
    return false;
  }
  if (!kbuild_limits::module_cmdline_length_ok(m.cmdline.size()) || m.cmdline.find('\0') != std::string::npos) {
    *err = fmt::format("its command line is longer than {} bytes or has a NUL in it",
                       kbuild_limits::kMaxModuleCmdlineBytes - 1);
    return false;
  }
  return true;
}

namespace {

bool check_options(const ImageOptions& o, std::string* err) {
  if (!kbuild_limits::stack_size_ok(o.stack_size)) {
    *err = "stack size " + std::to_string(o.stack_size) +
           " is not a multiple of 4096 of at least 64 KiB";
    return false;
  }
  if (!kbuild_limits::physical_memory_offset_ok(o.physical_memory_offset)) {
    *err =
        "physical memory offset must be 0 or a canonical, 2 MiB aligned address of at least "
        "512 GiB";
    return false;
  }
  if (!kbuild_limits::cmdline_length_ok(o.cmdline.size()) ||
      o.cmdline.find('\0') != std::string::npos) {
    *err = "command line longer than " + std::to_string(kbuild_limits::kMaxCmdlineBytes - 1) +
           " bytes or with a NUL in it";
    return false;
  }
  if (!kbuild_limits::framebuffer_ok(o.framebuffer_width, o.framebuffer_height,
                                     o.framebuffer_bpp)) {
    *err = "framebuffer must be WIDTHxHEIGHT (both non-zero) at 8, 15, 16, 24 or 32 bpp";
    return false;
  }
  if (!kbuild_limits::module_count_ok(o.modules.size())) {
    *err = fmt::format("{} modules, at most {}", o.modules.size(), kbuild_limits::kMaxModules);
    return false;
  }
  for (const ImageModule& m : o.modules) {
    if (!module_fields_ok(m, err)) {
      *err = fmt::format("module {}: {}", m.path.string(), *err);
      return false;
    }
  }
  return true;
}

template <class T>
std::span<const uint8_t> as_bytes(const T& value) {
  return {reinterpret_cast<const uint8_t*>(&value), sizeof(T)};
}

}  // namespace

EfiLoader efi_loader(Arch arch) {
  switch (arch) {
    case Arch::x86_64: return {bootloader_uefi_x64(), KBUILD_ESP_LOADER_PATH};
    case Arch::aarch64: return {bootloader_uefi_aa64(), KBUILD_ESP_LOADER_PATH_AA64};
    case Arch::riscv64: return {bootloader_uefi_riscv64(), KBUILD_ESP_LOADER_PATH_RISCV64};
  }
  return {};
}

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
  ProtocolInfo protocol;
  if (opts.detected) {
    protocol = *opts.detected;
  } else if (!detect_boot_protocol(kernel_elf, opts.protocol, &protocol, &why)) {
    return fail(why);
  }
  bool direct = direct_boot_arch(opts.arch);
  if (direct && protocol.protocol != BootProtocol::kbuild)
    return fail(fmt::format("{} kernels boot on x86_64 only; a kernel for another [target] arch speaks "
                            "kbuild's protocol (<kbuild/boot.h>)",
                            describe_protocol(protocol)));
  PackedKernel kernel;
  uint32_t fb_width = opts.framebuffer_width, fb_height = opts.framebuffer_height, fb_bpp = opts.framebuffer_bpp;
  switch (protocol.protocol) {
    case BootProtocol::multiboot2:
    case BootProtocol::multiboot1: {
      MultibootRequest request;
      if (!read_multiboot_header(kernel_elf, protocol, &request, &why) ||
          !pack_multiboot_kernel(kernel_elf, protocol, request, &kernel, &why))
        return fail(why);
      // kernel.toml's framebuffer wins; else the mode the header asks for (0: no preference).
      if (fb_width == 0 && request.framebuffer) {
        fb_width = request.width != 0 ? request.width : 1024;
        fb_height = request.height != 0 ? request.height : 768;
        fb_bpp = request.depth != 0 ? request.depth : 32;
      }
      break;
    }
    case BootProtocol::limine: {
      KernelElf elf;
      if (!validate_kernel_elf(kernel_elf, &elf, &why, opts.arch)) return fail(why);
      if (!check_limine_kernel(protocol, elf.lowest_vaddr, &why) || !check_limine_requests(kernel_elf, elf, protocol.limine_revision, &why))
        return fail(why);
      if (!pack_kernel(kernel_elf, &kernel, &why)) return fail("cannot pack the kernel: " + why);
      break;
    }
    default:
      if (!pack_kernel(kernel_elf, &kernel, &why)) return fail("cannot pack the kernel: " + why);
      break;
  }

  // A direct-boot image is the "uefi" disk (no BIOS stages); its ESP holds the architecture's
  // EFI loader (BOOTAA64.EFI, BOOTRISCV64.EFI).
  BootMode boot = direct ? BootMode::uefi : opts.boot;
  bool bios_stages = boot != BootMode::uefi;
  bool gpt = boot != BootMode::bios;
  std::span<const uint8_t> stage1 = bootloader_stage1();
  std::span<const uint8_t> stage2 = bootloader_stage2();
  EfiLoader efi = efi_loader(opts.arch);
  std::span<const uint8_t> loader = gpt ? efi.bytes : std::span<const uint8_t>();
  uint64_t stage2_sectors = (stage2.size() + kSector - 1) / kSector;
  if (stage1.size() != kSector || stage2_sectors > KBUILD_STAGE2_MAX_SECTORS || (gpt && efi.path && loader.empty())) {
    return fail("the bundled bootloader is malformed");
  }

  // The modules, mapped: a large initrd is neither copied nor zero-filled on its way in.
  std::vector<std::unique_ptr<MappedFile>> module_files;
  std::vector<uint64_t> module_sizes;
  for (const ImageModule& m : opts.modules) {
    module_files.push_back(std::make_unique<MappedFile>());
    if (!module_files.back()->open(m.path, &why)) return fail(why);
    module_sizes.push_back(module_files.back()->bytes().size());
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
  if (fb_width != 0) {
    manifest.framebuffer_width = fb_width;
    manifest.framebuffer_height = fb_height;
    manifest.framebuffer_bpp = fb_bpp;
  }
  manifest.cmdline_length = static_cast<uint32_t>(opts.cmdline.size());
  std::memcpy(manifest.cmdline, opts.cmdline.data(), opts.cmdline.size());
  manifest.protocol = manifest_protocol(protocol.protocol);
  manifest.protocol_header_offset = protocol.header_offset;
  manifest.protocol_revision = protocol.limine_revision;
  if (protocol.protocol == BootProtocol::limine) {
    if (auto list = honoured_limine_request_list(kernel_elf, protocol.limine_revision))
      manifest.limine_request_list = list->address;
  }

  manifest.module_count = static_cast<uint32_t>(opts.modules.size());
  std::vector<kbuild_module_entry> module_table;
  for (size_t i = 0; i < opts.modules.size(); ++i)
    module_table.push_back(module_entry(opts.modules[i], module_sizes[i]));

  uint64_t seed = identity_seed(kernel, manifest, opts, loader);
  for (const kbuild_module_entry& e : module_table)
    for (uint8_t b : as_bytes(e)) seed = (seed ^ b) * 1099511628211ull;
  DiskPlan plan;
  if (!plan_disk(boot, kernel.size, loader.size(), static_cast<uint32_t>(derive(seed, 0)), &plan, &why,
                 module_sizes, efi.path ? efi.path : KBUILD_ESP_LOADER_PATH))
    return fail(why);
  manifest.kernel_lba = plan.kernel_lba;
  manifest.modules_lba = plan.modules_lba;
  for (size_t i = 0; i < module_table.size(); ++i) module_table[i].lba = plan.module_lbas[i];

  // Everything but the kernel's segments, as runs of bytes; zeroes are left as holes.
  std::vector<ByteRun> runs;
  auto add = [&](uint64_t offset, std::span<const uint8_t> bytes) {
    runs.push_back({offset, std::vector<uint8_t>(bytes.begin(), bytes.end())});
  };
  if (!gpt) {
    add(0, as_bytes(bios_mbr(stage1, disk_signature(kernel, manifest), plan.kernel_lba, plan.disk_sectors)));
  } else {
    std::vector<uint8_t> uefi_only = uefi_only_boot_code();
    std::span<const uint8_t> boot_code = bios_stages ? stage1.first(kMbrBootCodeBytes) : uefi_only;
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
    if (!loader.empty()) add(esp + plan.esp.file_offsets[kEspLoader], loader);
    add(esp + plan.esp.file_offsets[kEspManifest], as_bytes(manifest));
  }
  // The BIOS stages and the direct loaders read the manifest by LBA.
  if (bios_stages || direct) add(KBUILD_MANIFEST_LBA * kSector, as_bytes(manifest));
  if (bios_stages) add(KBUILD_STAGE2_LBA * kSector, stage2);
  uint64_t kernel_start = plan.kernel_lba * kSector;
  add(kernel_start, kernel.headers);
  if (!module_table.empty()) {
    add(plan.modules_lba * kSector,
        {reinterpret_cast<const uint8_t*>(module_table.data()), module_table.size() * sizeof(kbuild_module_entry)});
  }

  AtomicFile file;
  // AtomicFile's errors name the file already ("cannot write OUT: ...").
  auto pass_on = [&] {
    *err = why;
    return false;
  };
  if (!file.open(out, &why)) return pass_on();
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
  for (size_t i = 0; ok && i < module_files.size(); ++i) {
    std::span<const uint8_t> bytes = module_files[i]->bytes();
    uint64_t at = plan.module_lbas[i] * kSector;
    ok = copy_file_bytes(module_files[i]->fd(), 0, file.fd(), at, bytes, &why);
  }
  ok = ok && file.set_size(plan.disk_sectors * kSector, &why) && file.commit(&why);
  if (!ok) return why.rfind("cannot write ", 0) == 0 ? pass_on() : fail(why);
  return true;
}

}  // namespace kbuild
