#include "image/gpt.h"

#include <algorithm>
#include <cstring>

#include "image/crc32.h"

namespace kbuild {

namespace {

constexpr uint64_t kSector = 512;

template <class T>
std::span<const uint8_t> as_bytes(const T& value) {
  return {reinterpret_cast<const uint8_t*>(&value), sizeof(T)};
}

std::vector<uint8_t> header_sector(GptHeader h) {
  h.header_crc32 = 0;
  h.header_crc32 = crc32(as_bytes(h));
  std::vector<uint8_t> sector(kSector, 0);
  std::memcpy(sector.data(), &h, sizeof(h));
  return sector;
}

}  // namespace

Guid Guid::from_bits(uint64_t hi, uint64_t lo) {
  Guid g{};
  std::memcpy(g.bytes, &hi, 8);
  std::memcpy(g.bytes + 8, &lo, 8);
  g.bytes[7] = static_cast<uint8_t>((g.bytes[7] & 0x0f) | 0x40);  // version 4, in the third field
  g.bytes[8] = static_cast<uint8_t>((g.bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return g;
}

MasterBootRecord protective_mbr(std::span<const uint8_t> boot_code, uint64_t disk_sectors, bool active) {
  MasterBootRecord mbr{};
  if (!boot_code.empty())  // a uefi image's MBR may carry none
    std::memcpy(mbr.boot_code, boot_code.data(), std::min(boot_code.size(), sizeof(mbr.boot_code)));
  MbrPartitionRecord& r = mbr.partition_record[0];
  r.boot_indicator = active ? 0x80 : 0x00;
  r.starting_chs[1] = 0x02;  // cylinder 0, head 0, sector 2: LBA 1
  r.os_type = 0xEE;
  std::memset(r.ending_chs, 0xFF, 3);  // beyond what CHS can say
  r.starting_lba = 1;
  r.size_in_lba = static_cast<uint32_t>(std::min<uint64_t>(disk_sectors - 1, 0xFFFFFFFFu));
  mbr.signature = 0xAA55;
  return mbr;
}

std::vector<ByteRun> gpt_runs(uint64_t disk_sectors, const Guid& disk_guid,
                              std::span<const GptPartition> partitions) {
  std::vector<GptEntry> entries(kGptEntryCount);
  std::memset(entries.data(), 0, entries.size() * sizeof(GptEntry));
  for (size_t i = 0; i < partitions.size() && i < kGptEntryCount; ++i) {
    const GptPartition& p = partitions[i];
    GptEntry& e = entries[i];
    e.partition_type_guid = p.type;
    e.unique_partition_guid = p.unique;
    e.starting_lba = p.first_lba;
    e.ending_lba = p.last_lba;
    char16_t name[36] = {};
    std::copy_n(p.name.begin(), std::min<size_t>(p.name.size(), 36), name);
    std::memcpy(e.partition_name, name, sizeof(name));
  }
  std::span<const uint8_t> array(reinterpret_cast<const uint8_t*>(entries.data()),
                                 entries.size() * sizeof(GptEntry));
  uint64_t last = disk_sectors - 1;
  GptHeader h{};
  std::memcpy(h.signature, "EFI PART", 8);
  h.revision = 0x00010000;
  h.header_size = sizeof(GptHeader);
  h.first_usable_lba = kGptFirstUsableLba;
  h.last_usable_lba = last - kGptBackupSectors;
  h.disk_guid = disk_guid;
  h.number_of_partition_entries = kGptEntryCount;
  h.size_of_partition_entry = sizeof(GptEntry);
  h.partition_entry_array_crc32 = crc32(array);

  GptHeader primary = h, backup = h;
  primary.my_lba = 1;
  primary.alternate_lba = last;
  primary.partition_entry_lba = 2;
  backup.my_lba = last;
  backup.alternate_lba = 1;
  backup.partition_entry_lba = last - kGptEntryArraySectors;

  std::vector<uint8_t> used(array.begin(), array.begin() + std::min(partitions.size(), size_t(kGptEntryCount)) *
                                                               sizeof(GptEntry));
  return {{1 * kSector, header_sector(primary)},
          {primary.partition_entry_lba * kSector, used},
          {backup.partition_entry_lba * kSector, used},
          {backup.my_lba * kSector, header_sector(backup)}};
}

}  // namespace kbuild
