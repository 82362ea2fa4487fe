#include "image/disk_layout.h"

#include <algorithm>

namespace kbuild {

namespace {

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Near the FAT12/16 and FAT16/32 limits, implementations that count slightly differently would
// disagree about the type: keep clear of them.
bool near_a_type_limit(uint64_t clusters) {
  for (uint64_t limit : {uint64_t(kFat12MaxClusters) + 1, uint64_t(kFat16MaxClusters) + 1})
    if (clusters + 16 >= limit && clusters < limit + 16) return true;
  return false;
}

bool too_large(std::string* err) {
  *err = "the kernel is too large for a disk an MBR can describe (2 TiB)";
  return false;
}

}  // namespace

uint64_t module_table_bytes(size_t count) { return count * sizeof(kbuild_module_entry); }

std::vector<FatFile> esp_files(uint64_t kernel_bytes, uint64_t loader_bytes, std::span<const uint64_t> module_sizes,
                               const char* loader_path) {
  std::vector<FatFile> files(kEspFileCount);
  files[kEspLoader] = {loader_bytes ? loader_path : "", loader_bytes};
  files[kEspManifest] = {KBUILD_ESP_MANIFEST_PATH, KBUILD_SECTOR_SIZE};
  // On a 4 KiB boundary of the disk, as its pages are in the file: copies of its segments
  // and the holes between them line up with the blocks of the file system the image is on.
  files[kEspKernel] = {KBUILD_ESP_KERNEL_PATH, kernel_bytes, 4096};
  if (module_sizes.empty()) return files;
  files.push_back({KBUILD_ESP_MODULE_TABLE_PATH, module_table_bytes(module_sizes.size()), 4096});
  for (size_t i = 0; i < module_sizes.size(); ++i)
    files.push_back({KBUILD_ESP_MODULE_PREFIX + std::to_string(i) + ".BIN", module_sizes[i], 4096});
  return files;
}

bool plan_disk(BootMode boot, uint64_t kernel_bytes, uint64_t loader_bytes, uint32_t volume_id, DiskPlan* plan,
               std::string* err, std::span<const uint64_t> module_sizes, const char* loader_path) {
  *plan = DiskPlan{};
  plan->boot = boot;
  if (boot == BootMode::bios) {
    constexpr uint64_t kPageSectors = 4096 / kSectorBytes;
    plan->kernel_lba = KBUILD_KERNEL_MIN_LBA;
    uint64_t end = plan->kernel_lba + (kernel_bytes + kSectorBytes - 1) / kSectorBytes;
    if (!module_sizes.empty()) {
      plan->modules_lba = align_up(end, kPageSectors);
      end = plan->modules_lba + (module_table_bytes(module_sizes.size()) + kSectorBytes - 1) / kSectorBytes;
      for (uint64_t size : module_sizes) {
        plan->module_lbas.push_back(align_up(end, kPageSectors));
        end = plan->module_lbas.back() + (size + kSectorBytes - 1) / kSectorBytes;
      }
    }
    plan->disk_sectors = align_up(end, kImageAlignSectors);
    return plan->disk_sectors <= kMaxDiskSectors || too_large(err);
  }

  if (kernel_bytes > 0xFFFFFFFFu) {
    *err = "the packed kernel is " + std::to_string(kernel_bytes) +
           " bytes, more than a FAT file can hold (4 GiB - 1); use [target] boot = \"bios\"";
    return false;
  }
  // The ESP holds its files with room to spare (an eighth more, at least 256 KiB), and runs
  // from LBA 2048 to the last MiB boundary before the backup GPT: partition tools caution
  // against partitions that end off the alignment their start suggests.
  for (uint64_t size : module_sizes) {
    if (size > 0xFFFFFFFFu) {
      *err = "a module of " + std::to_string(size) +
             " bytes is more than a FAT file can hold (4 GiB - 1); use [target] boot = \"bios\"";
      return false;
    }
  }
  std::vector<FatFile> files = esp_files(kernel_bytes, loader_bytes, module_sizes, loader_path);
  bool no_loader = files[kEspLoader].path.empty();  // riscv64's direct-boot image: the ESP has no EFI loader
  if (no_loader) files.erase(files.begin() + kEspLoader);
  uint64_t data = 64 * 1024;  // directories, and the FATs' share below
  for (const FatFile& f : files) data += align_up(f.size, 4096);
  data += data / 64;  // FAT32 with 512-byte clusters: 2 x 4 bytes per 512
  uint64_t room = std::max<uint64_t>(data / 8, 256 * 1024);
  uint64_t sectors =
      align_up(kEspFirstLba + align_up((data + room) / kSectorBytes, kEspAlignSectors) + kGptBackupSectors,
               kImageAlignSectors);
  for (;; sectors += kImageAlignSectors) {
    if (sectors > kMaxDiskSectors) return too_large(err);
    uint64_t esp_sectors = (sectors - kGptBackupSectors - kEspFirstLba) / kEspAlignSectors * kEspAlignSectors;
    FatGeometry geometry;
    uint64_t needed = 0;
    if (!fat_geometry(esp_sectors, &geometry, err)) continue;
    if (near_a_type_limit(geometry.cluster_count)) continue;
    if (!fat_clusters_needed(geometry, files, &needed, err)) return false;
    if (needed > geometry.cluster_count) continue;
    plan->disk_sectors = sectors;
    plan->esp_last_lba = kEspFirstLba + esp_sectors - 1;
    if (!build_fat_volume(geometry, kEspFirstLba, volume_id, files, &plan->esp, err)) return false;
    if (no_loader) plan->esp.file_offsets.insert(plan->esp.file_offsets.begin() + kEspLoader, 0);
    plan->kernel_lba = kEspFirstLba + plan->esp.file_offsets[kEspKernel] / kSectorBytes;
    if (!module_sizes.empty()) {
      plan->modules_lba = kEspFirstLba + plan->esp.file_offsets[kEspModuleTable] / kSectorBytes;
      for (size_t i = 0; i < module_sizes.size(); ++i)
        plan->module_lbas.push_back(kEspFirstLba + plan->esp.file_offsets[kEspFirstModule + i] / kSectorBytes);
    }
    return true;
  }
}

}  // namespace kbuild
