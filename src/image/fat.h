// A FAT file system (Microsoft's FAT specification, "FAT: General Overview of On-Disk Format",
// version 1.03), written as bytes: the EFI system partition of hybrid and UEFI images. The type
// follows from the cluster count alone, as the specification says: fewer than 4085 clusters is
// FAT12, fewer than 65525 FAT16, otherwise FAT32. Each file gets contiguous clusters, so a
// reader without a FAT driver finds it by sector number.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "image/byte_run.h"

namespace kbuild {

enum class FatType { fat12, fat16, fat32 };
const char* fat_type_name(FatType type);  // "FAT12", "FAT16", "FAT32"

inline constexpr uint32_t kFat12MaxClusters = 4084;   // 4085 and more: FAT16
inline constexpr uint32_t kFat16MaxClusters = 65524;  // 65525 and more: FAT32
FatType fat_type_for(uint64_t cluster_count);

struct [[gnu::packed]] FatBiosParameterBlock {  // BS_jmpBoot .. BPB_TotSec32, every FAT type
  uint8_t jmp_boot[3];
  char oem_name[8];
  uint16_t bytes_per_sector;
  uint8_t sectors_per_cluster;
  uint16_t reserved_sector_count;
  uint8_t num_fats;
  uint16_t root_entry_count;  // 0 on FAT32
  uint16_t total_sectors_16;  // 0 when it does not fit: then total_sectors_32
  uint8_t media;
  uint16_t fat_size_16;  // 0 on FAT32: then Fat32Extension::fat_size_32
  uint16_t sectors_per_track;
  uint16_t num_heads;
  uint32_t hidden_sectors;  // sectors before the volume (the partition's first LBA)
  uint32_t total_sectors_32;
};
static_assert(sizeof(FatBiosParameterBlock) == 36);

struct [[gnu::packed]] FatExtendedBootRecord {  // BS_DrvNum .. BS_FilSysType
  uint8_t drive_number;
  uint8_t reserved1;
  uint8_t boot_signature;  // 0x29: the next three fields are present
  uint32_t volume_id;
  char volume_label[11];
  char file_system_type[8];  // informational only
};
static_assert(sizeof(FatExtendedBootRecord) == 26);

struct [[gnu::packed]] Fat32Extension {  // BPB_FATSz32 .. BPB_Reserved
  uint32_t fat_size_32;
  uint16_t ext_flags;
  uint16_t fs_version;
  uint32_t root_cluster;
  uint16_t fs_info;
  uint16_t backup_boot_sector;
  uint8_t reserved[12];
};
static_assert(sizeof(Fat32Extension) == 28);

struct [[gnu::packed]] FatBootSector {  // FAT12 and FAT16
  FatBiosParameterBlock bpb;
  FatExtendedBootRecord ext;
  uint8_t boot_code[448];
  uint16_t signature;  // 0xAA55
};
static_assert(sizeof(FatBootSector) == 512);

struct [[gnu::packed]] Fat32BootSector {
  FatBiosParameterBlock bpb;
  Fat32Extension fat32;
  FatExtendedBootRecord ext;
  uint8_t boot_code[420];
  uint16_t signature;  // 0xAA55
};
static_assert(sizeof(Fat32BootSector) == 512);

struct [[gnu::packed]] FatFsInfo {  // FAT32 only
  uint32_t lead_signature;    // 0x41615252
  uint8_t reserved1[480];
  uint32_t struct_signature;  // 0x61417272
  uint32_t free_count;
  uint32_t next_free;
  uint8_t reserved2[12];
  uint32_t trail_signature;  // 0xAA550000
};
static_assert(sizeof(FatFsInfo) == 512);

struct [[gnu::packed]] FatDirEntry {
  char name[11];  // 8.3, space padded, no dot
  uint8_t attr;
  uint8_t nt_res;
  uint8_t crt_time_tenth;
  uint16_t crt_time;
  uint16_t crt_date;
  uint16_t lst_acc_date;
  uint16_t fst_clus_hi;
  uint16_t wrt_time;
  uint16_t wrt_date;
  uint16_t fst_clus_lo;
  uint32_t file_size;
};
static_assert(sizeof(FatDirEntry) == 32);

// Where the parts of a volume go, in sectors of 512 bytes from the volume's start.
struct FatGeometry {
  FatType type = FatType::fat12;
  uint64_t total_sectors = 0;
  uint32_t sectors_per_cluster = 1;
  uint32_t reserved_sectors = 1;
  uint32_t fat_sectors = 0;       // of each of the two FATs
  uint32_t root_dir_sectors = 0;  // FAT12/16: the fixed root directory; FAT32: 0
  uint32_t cluster_count = 0;     // data clusters, numbered from 2

  uint64_t data_start_sector() const { return reserved_sectors + 2ull * fat_sectors + root_dir_sectors; }
  uint64_t cluster_bytes() const { return uint64_t(sectors_per_cluster) * 512; }
};

// The geometry of a volume of `total_sectors`: the cluster size grows with the volume (one
// sector up to 512 MiB), the data area starts on a 4 KiB boundary (extra reserved sectors),
// and the type is the one its cluster count calls for.
bool fat_geometry(uint64_t total_sectors, FatGeometry* out, std::string* err);

struct FatFile {
  // Absolute, '\' separated, 8.3 upper-case names: "\EFI\BOOT\BOOTX64.EFI". The file's own name
  // may be longer (same characters, an extension of up to 3): it gets a VFAT long name and a
  // BASE~N.EXT alias ("\EFI\BOOT\BOOTRISCV64.EFI").
  std::string path;
  uint64_t size = 0;
  uint64_t align = 0;  // when set, the file starts at a volume offset that is a multiple of it
};

struct FatVolume {
  FatGeometry geometry;
  std::vector<uint64_t> file_offsets;  // byte offset of each file's first byte in the volume
  std::vector<ByteRun> metadata;       // boot sectors, FATs, directories: the non-zero parts
  uint32_t used_clusters = 0;          // allocated (clusters skipped for alignment stay free)
};

// Clusters that `files` and their directories take on a volume of `geometry` (FAT32's root
// directory included). False, with a message, when a path is not a valid 8.3 path.
bool fat_clusters_needed(const FatGeometry& geometry, const std::vector<FatFile>& files, uint64_t* clusters,
                         std::string* err);

// Lays out `files` (their bytes are the caller's to write at file_offsets) on a volume of
// `geometry`, which starts `hidden_sectors` into its disk. Fails when they do not fit or a
// name is not a valid 8.3 name.
bool build_fat_volume(const FatGeometry& geometry, uint32_t hidden_sectors, uint32_t volume_id,
                      const std::vector<FatFile>& files, FatVolume* out, std::string* err);

}  // namespace kbuild
