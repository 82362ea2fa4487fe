// The GPT writer: CRC32, GUIDs in their mixed-endian disk form, the protective MBR, and the
// primary and backup headers with their CRCs, checked field by field.
#include "image/gpt.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "image/crc32.h"

namespace kbuild {
namespace {

std::span<const uint8_t> text_bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(ImageGpt, Crc32OfKnownInputs) {
  EXPECT_EQ(crc32(text_bytes("")), 0u);
  EXPECT_EQ(crc32(text_bytes("123456789")), 0xCBF43926u);  // the standard check value
  EXPECT_EQ(crc32(text_bytes("The quick brown fox jumps over the lazy dog")), 0x414FA339u);
}

TEST(ImageGpt, GuidsAreStoredMixedEndian) {
  // The EFI system partition type as it appears on disk.
  const uint8_t esp[16] = {0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11,
                           0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B};
  EXPECT_EQ(std::memcmp(kEfiSystemPartitionGuid.bytes, esp, 16), 0);
  const uint8_t bios[16] = {0x48, 0x61, 0x68, 0x21, 0x49, 0x64, 0x6F, 0x6E,
                            0x74, 0x4E, 0x65, 0x65, 0x64, 0x45, 0x46, 0x49};  // "Hah!IdontNeedEFI"
  EXPECT_EQ(std::memcmp(kBiosBootPartitionGuid.bytes, bios, 16), 0);

  Guid g = Guid::from_bits(0x0123456789abcdefull, 0xfedcba9876543210ull);
  EXPECT_EQ(g.bytes[7] >> 4, 4) << "version 4";
  EXPECT_EQ(g.bytes[8] >> 6, 2) << "RFC 4122 variant";
}

TEST(ImageGpt, ProtectiveMbrCoversTheDiskFromLba1) {
  std::vector<uint8_t> code(440, 0x90);
  MasterBootRecord mbr = protective_mbr(code, 4096, false);
  EXPECT_EQ(std::memcmp(mbr.boot_code, code.data(), 440), 0);
  EXPECT_EQ(mbr.unique_mbr_disk_signature, 0u);
  const MbrPartitionRecord& r = mbr.partition_record[0];
  EXPECT_EQ(r.boot_indicator, 0);
  EXPECT_EQ(r.os_type, 0xEE);
  EXPECT_EQ(r.starting_lba, 1u);
  EXPECT_EQ(r.size_in_lba, 4095u);
  for (int i = 1; i < 4; ++i) EXPECT_EQ(mbr.partition_record[i].os_type, 0) << i;
  EXPECT_EQ(mbr.signature, 0xAA55);

  EXPECT_EQ(protective_mbr({}, 4096, true).partition_record[0].boot_indicator, 0x80);
  EXPECT_EQ(protective_mbr({}, uint64_t(1) << 33, false).partition_record[0].size_in_lba, 0xFFFFFFFFu)
      << "capped at what 32 bits hold";
}

GptHeader header_at(const std::vector<ByteRun>& runs, uint64_t offset) {
  GptHeader h{};
  for (const ByteRun& r : runs)
    if (r.offset == offset) std::memcpy(&h, r.bytes.data(), sizeof(h));
  return h;
}

TEST(ImageGpt, PrimaryAndBackupHeadersAgreeAndCarryRightCrcs) {
  const uint64_t disk = 8192;
  Guid disk_guid = Guid::from_bits(1, 2), part_guid = Guid::from_bits(3, 4);
  GptPartition parts[] = {{kEfiSystemPartitionGuid, part_guid, 2048, 8158, u"EFI system partition"}};
  std::vector<ByteRun> runs = gpt_runs(disk, disk_guid, parts);
  ASSERT_EQ(runs.size(), 4u);

  // The full entry array: the one entry, then zeroes.
  std::vector<uint8_t> array(128 * 128, 0);
  for (const ByteRun& r : runs)
    if (r.offset == 2 * 512) std::memcpy(array.data(), r.bytes.data(), r.bytes.size());
  GptEntry e;
  std::memcpy(&e, array.data(), sizeof(e));
  EXPECT_EQ(std::memcmp(&e.partition_type_guid, &kEfiSystemPartitionGuid, 16), 0);
  EXPECT_EQ(std::memcmp(&e.unique_partition_guid, &part_guid, 16), 0);
  EXPECT_EQ(e.starting_lba, 2048u);
  EXPECT_EQ(e.ending_lba, 8158u);
  char16_t name[36];
  std::memcpy(name, e.partition_name, sizeof(name));
  EXPECT_EQ(std::u16string(name), u"EFI system partition");

  GptHeader primary = header_at(runs, 512), backup = header_at(runs, (disk - 1) * 512);
  for (GptHeader* h : {&primary, &backup}) {
    EXPECT_EQ(std::memcmp(h->signature, "EFI PART", 8), 0);
    EXPECT_EQ(h->revision, 0x00010000u);
    EXPECT_EQ(h->header_size, 92u);
    EXPECT_EQ(h->first_usable_lba, 34u);
    EXPECT_EQ(h->last_usable_lba, disk - 34);
    EXPECT_EQ(h->number_of_partition_entries, 128u);
    EXPECT_EQ(h->size_of_partition_entry, 128u);
    EXPECT_EQ(h->partition_entry_array_crc32, crc32(array));
    EXPECT_EQ(std::memcmp(&h->disk_guid, &disk_guid, 16), 0);
    GptHeader zeroed = *h;
    zeroed.header_crc32 = 0;
    EXPECT_EQ(h->header_crc32, crc32({reinterpret_cast<const uint8_t*>(&zeroed), sizeof(zeroed)}));
  }
  EXPECT_EQ(primary.my_lba, 1u);
  EXPECT_EQ(primary.alternate_lba, disk - 1);
  EXPECT_EQ(primary.partition_entry_lba, 2u);
  EXPECT_EQ(backup.my_lba, disk - 1);
  EXPECT_EQ(backup.alternate_lba, 1u);
  EXPECT_EQ(backup.partition_entry_lba, disk - 33);
  // The backup array holds the same (non-zero) bytes as the primary one.
  std::vector<uint8_t> first, second;
  for (const ByteRun& r : runs) {
    if (r.offset == 2 * 512) first = r.bytes;
    if (r.offset == (disk - 33) * 512) second = r.bytes;
  }
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.size(), 128u);
}

}  // namespace
}  // namespace kbuild
