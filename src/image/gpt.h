// The GUID Partition Table (UEFI specification 2.10, chapter 5) and the protective MBR in front
// of it, written as bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "image/byte_run.h"

namespace kbuild {

// A GUID as stored on disk: the first three fields little-endian, the last two as written.
struct Guid {
  uint8_t bytes[16];

  // From the text form "C12A7328-F81F-11D2-BA4B-00A0C93EC93B".
  static constexpr Guid parse(std::string_view text) {
    auto nibble = [](char c) {
      return c <= '9' ? c - '0' : c <= 'F' ? c - 'A' + 10 : c - 'a' + 10;
    };
    uint8_t raw[16] = {};
    int n = 0;
    for (size_t i = 0; i + 1 < text.size() && n < 16; ++i) {
      if (text[i] == '-') continue;
      raw[n++] = static_cast<uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1]));
      ++i;
    }
    constexpr int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    Guid g{};
    for (int i = 0; i < 16; ++i) g.bytes[i] = raw[order[i]];
    return g;
  }
  // A version 4 (random) GUID whose 128 bits come from `hi` and `lo`.
  static Guid from_bits(uint64_t hi, uint64_t lo);
};
static_assert(sizeof(Guid) == 16);

inline constexpr Guid kBiosBootPartitionGuid = Guid::parse("21686148-6449-6E6F-744E-656564454649");
inline constexpr Guid kEfiSystemPartitionGuid = Guid::parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");

struct [[gnu::packed]] MbrPartitionRecord {
  uint8_t boot_indicator;  // 0x80: active
  uint8_t starting_chs[3];
  uint8_t os_type;  // 0xEE: GPT protective
  uint8_t ending_chs[3];
  uint32_t starting_lba;
  uint32_t size_in_lba;
};
static_assert(sizeof(MbrPartitionRecord) == 16);

struct [[gnu::packed]] MasterBootRecord {
  uint8_t boot_code[440];
  uint32_t unique_mbr_disk_signature;
  uint16_t unknown;
  MbrPartitionRecord partition_record[4];
  uint16_t signature;  // 0xAA55
};
static_assert(sizeof(MasterBootRecord) == 512);

struct [[gnu::packed]] GptHeader {
  char signature[8];  // "EFI PART"
  uint32_t revision;  // 0x00010000
  uint32_t header_size;  // 92
  uint32_t header_crc32;  // over header_size bytes, this field zero
  uint32_t reserved;
  uint64_t my_lba;
  uint64_t alternate_lba;
  uint64_t first_usable_lba;
  uint64_t last_usable_lba;
  Guid disk_guid;
  uint64_t partition_entry_lba;
  uint32_t number_of_partition_entries;
  uint32_t size_of_partition_entry;
  uint32_t partition_entry_array_crc32;
};
static_assert(sizeof(GptHeader) == 92);

struct [[gnu::packed]] GptEntry {
  Guid partition_type_guid;
  Guid unique_partition_guid;
  uint64_t starting_lba;
  uint64_t ending_lba;  // inclusive
  uint64_t attributes;
  char16_t partition_name[36];  // UTF-16LE, NUL padded
};
static_assert(sizeof(GptEntry) == 128);

inline constexpr uint32_t kGptEntryCount = 128;
inline constexpr uint64_t kGptEntryArraySectors = kGptEntryCount * sizeof(GptEntry) / 512;  // 32
inline constexpr uint64_t kGptFirstUsableLba = 2 + kGptEntryArraySectors;                  // 34
// The backup array and header take the disk's last 33 sectors.
inline constexpr uint64_t kGptBackupSectors = kGptEntryArraySectors + 1;

struct GptPartition {
  Guid type;
  Guid unique;
  uint64_t first_lba = 0, last_lba = 0;  // inclusive
  std::u16string_view name;
};

// LBA 0: a protective MBR with `boot_code` (at most 440 bytes) in front and one 0xEE record
// from LBA 1 over the rest of the disk (capped at 0xFFFFFFFF sectors).
MasterBootRecord protective_mbr(std::span<const uint8_t> boot_code, uint64_t disk_sectors, bool active);

// The primary GPT (header at LBA 1, entries from LBA 2) and the backup (entries, then the
// header in the last sector), for a disk of `disk_sectors`; only their non-zero bytes.
std::vector<ByteRun> gpt_runs(uint64_t disk_sectors, const Guid& disk_guid,
                              std::span<const GptPartition> partitions);

}  // namespace kbuild
