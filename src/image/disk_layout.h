// Where everything goes on a kbuild disk, for each boot mode; the one place for the image's
// LBAs, sizes and names (those the loaders read too come from bootloader/shared/boot_manifest.h).
//
//   LBA           "bios"                 "hybrid"                        "uefi"
//   0             stage 1, MBR record    stage 1 + protective MBR        protective MBR
//   1..33         zero                   primary GPT                     primary GPT
//   34            manifest               manifest  } BIOS boot           free
//   35..2047      stage 2                stage 2   } partition           free
//   2048..        packed kernel, then    EFI system partition (FAT): BOOTX64.EFI, MANIFEST.BIN,
//                 module table and       KERNEL.ELF (the packed kernel, contiguous), then with
//                 modules (4 KiB each)   modules MODULES.BIN and MODULE0.BIN ... (contiguous)
//   last 33       (padding)              backup GPT entries and header
//
// Every image is a whole number of MiB (sparse), so every QEMU machine type boots it.
// Images for the architectures kbuild's loader boots directly (aarch64, riscv64) are the "uefi"
// disk with the manifest at LBA 34 too; their ESP holds BOOTAA64.EFI on aarch64 and
// BOOTRISCV64.EFI on riscv64, so UEFI boots them as well.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "boot_manifest.h"
#include "config/config.h"
#include "image/fat.h"
#include "image/gpt.h"

namespace kbuild {

inline constexpr uint64_t kSectorBytes = KBUILD_SECTOR_SIZE;
inline constexpr uint64_t kImageAlignSectors = (1 << 20) / kSectorBytes;  // images are whole MiB
inline constexpr uint64_t kBiosBootFirstLba = KBUILD_MANIFEST_LBA;
inline constexpr uint64_t kEspFirstLba = KBUILD_ESP_LBA;
inline constexpr uint64_t kEspAlignSectors = kImageAlignSectors;  // the ESP's size is whole MiB
inline constexpr uint64_t kMaxDiskSectors = 0xFFFFFFFFu;  // what an MBR record can describe
inline constexpr char16_t kBiosBootPartitionName[] = u"BIOS boot partition";
inline constexpr char16_t kEfiSystemPartitionName[] = u"EFI system partition";
static_assert(kBiosBootFirstLba == kGptFirstUsableLba, "the BIOS boot partition is the first usable area");
static_assert(KBUILD_STAGE2_LBA + KBUILD_STAGE2_MAX_SECTORS <= kEspFirstLba, "stage 2 ends before the ESP");

// The files of the EFI system partition, in this order; with modules, the module table and
// each module follow (kEspModuleTable, then kEspFirstModule + i).
enum EspFile : size_t { kEspLoader, kEspManifest, kEspKernel, kEspFileCount };
inline constexpr size_t kEspModuleTable = kEspFileCount;
inline constexpr size_t kEspFirstModule = kEspFileCount + 1;

// Bytes of the module table for `count` modules (0 without modules).
uint64_t module_table_bytes(size_t count);

struct DiskPlan {
  BootMode boot = BootMode::bios;
  uint64_t disk_sectors = 0;
  uint64_t kernel_lba = 0;  // the packed kernel's first sector
  uint64_t modules_lba = 0;            // the module table's first sector; 0 without modules
  std::vector<uint64_t> module_lbas;   // each module's first sector
  // hybrid and uefi:
  uint64_t esp_last_lba = 0;
  FatVolume esp;  // its files at esp.file_offsets[EspFile]
};

// Plans the disk for a packed kernel of `kernel_bytes`, an EFI loader of `loader_bytes` at
// `loader_path` (the firmware's default path for the architecture) and modules of
// `module_sizes` bytes; `volume_id` is the ESP's serial number.
bool plan_disk(BootMode boot, uint64_t kernel_bytes, uint64_t loader_bytes, uint32_t volume_id, DiskPlan* plan,
               std::string* err, std::span<const uint64_t> module_sizes = {},
               const char* loader_path = KBUILD_ESP_LOADER_PATH);

// The files of the ESP (paths from boot_manifest.h) for these sizes. Without a loader
// (loader_bytes 0) its entry has an empty path and the ESP holds no such file.
std::vector<FatFile> esp_files(uint64_t kernel_bytes, uint64_t loader_bytes,
                               std::span<const uint64_t> module_sizes = {},
                               const char* loader_path = KBUILD_ESP_LOADER_PATH);

}  // namespace kbuild
