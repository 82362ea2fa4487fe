// The FAT writer: the type follows the cluster count at its limits, and volumes of each type
// (forced sizes) pass fsck.vfat and give back every file byte for byte through mtools. Also the
// disk plan that sizes the EFI system partition.
#include "image/fat.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/fs.h"
#include "core/process.h"
#include "image/disk_layout.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

TEST(ImageFat, TypeFollowsTheClusterCountAlone) {
  EXPECT_EQ(fat_type_for(1), FatType::fat12);
  EXPECT_EQ(fat_type_for(4084), FatType::fat12);
  EXPECT_EQ(fat_type_for(4085), FatType::fat16);
  EXPECT_EQ(fat_type_for(65524), FatType::fat16);
  EXPECT_EQ(fat_type_for(65525), FatType::fat32);
}

TEST(ImageFat, GeometryIsConsistentForEveryType) {
  for (uint64_t total : {64ull, 2000ull, 8000ull, 20000ull, 66000ull, 140000ull, 3000000ull}) {
    SCOPED_TRACE(total);
    FatGeometry g;
    std::string err;
    ASSERT_TRUE(fat_geometry(total, &g, &err)) << err;
    EXPECT_EQ(g.type, fat_type_for(g.cluster_count));
    EXPECT_EQ(g.data_start_sector() % 8, 0u) << "the data area starts on a 4 KiB boundary";
    uint32_t bits = g.type == FatType::fat12 ? 12 : g.type == FatType::fat16 ? 16 : 32;
    EXPECT_GE(uint64_t(g.fat_sectors) * 512 * 8, (uint64_t(g.cluster_count) + 2) * bits) << "the FAT holds every cluster";
    EXPECT_LE(g.data_start_sector() + uint64_t(g.cluster_count) * g.sectors_per_cluster, total);
    EXPECT_GT(g.data_start_sector() + uint64_t(g.cluster_count + 1) * g.sectors_per_cluster, total)
        << "no whole cluster is left over";
  }
  FatGeometry g;
  std::string err;
  EXPECT_FALSE(fat_geometry(20, &g, &err));
}

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 13 + (i >> 9));
  return v;
}

class ImageFatVolume : public ::testing::TestWithParam<uint64_t> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kbuild-fat-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(GetParam()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  ProcessResult run(std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.argv = std::move(argv);
    spec.output = ProcessSpec::Output::capture;
    spec.timeout = std::chrono::seconds(60);
    spec.env_set = {{"MTOOLS_SKIP_CHECK", "1"}};
    ProcessResult result;
    std::string err;
    EXPECT_TRUE(run_process(spec, &result, &err)) << err;
    return result;
  }

  fs::path dir_;
};

TEST_P(ImageFatVolume, PassesFsckAndReadsBack) {
  const uint64_t total = GetParam();
  FatGeometry g;
  std::string err;
  ASSERT_TRUE(fat_geometry(total, &g, &err)) << err;
  std::vector<FatFile> files = {{"\\EFI\\BOOT\\BOOTX64.EFI", 70000},
                                {"\\KBUILD\\MANIFEST.BIN", 512},
                                {"\\KBUILD\\KERNEL.ELF", 300000, 4096},
                                {"\\KBUILD\\EMPTY", 0},
                                // longer than 8.3: a VFAT long name beside its alias
                                {"\\EFI\\BOOT\\BOOTRISCV64.EFI", 5000}};
  FatVolume v;
  ASSERT_TRUE(build_fat_volume(g, 2048, 0x12345678, files, &v, &err)) << err;
  ASSERT_EQ(v.file_offsets.size(), files.size());

  fs::path image = dir_ / "esp.img";
  {
    std::ofstream out(image, std::ios::binary);
    for (const ByteRun& r : v.metadata) {
      out.seekp(static_cast<std::streamoff>(r.offset));
      out.write(reinterpret_cast<const char*>(r.bytes.data()), static_cast<std::streamsize>(r.bytes.size()));
    }
    for (size_t i = 0; i < files.size(); ++i) {
      std::vector<uint8_t> bytes = pattern(files[i].size, static_cast<uint8_t>(i));
      out.seekp(static_cast<std::streamoff>(v.file_offsets[i]));
      out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    }
  }
  fs::resize_file(image, total * 512);

  ProcessResult fsck = run({"fsck.vfat", "-n", "-v", image.string()});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
  EXPECT_NE(fsck.out.find(std::string("2 FATs, ") +
                          (g.type == FatType::fat12 ? "12" : g.type == FatType::fat16 ? "16" : "32") + " bit entries"),
            std::string::npos)
      << fsck.out;
  // Without -v, a clean volume gets two lines: the version and the summary.
  ProcessResult quiet = run({"fsck.vfat", "-n", image.string()});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.out << quiet.err;
  EXPECT_EQ(std::count(quiet.out.begin(), quiet.out.end(), '\n'), 2) << quiet.out << quiet.err;
  EXPECT_NE(quiet.out.find(" files, " + std::to_string(v.used_clusters) + "/" + std::to_string(g.cluster_count) +
                           " clusters"),
            std::string::npos)
      << quiet.out;

  for (size_t i = 0; i < files.size(); ++i) {
    std::string path = files[i].path;
    for (char& c : path)
      if (c == '\\') c = '/';
    fs::path copy = dir_ / ("file" + std::to_string(i));
    ProcessResult mcopy = run({"mcopy", "-n", "-i", image.string(), "::" + path, copy.string()});
    ASSERT_EQ(mcopy.exit_code, 0) << path << ": " << mcopy.err;
    std::vector<uint8_t> back;
    ASSERT_TRUE(read_file_bytes(copy, &back, &err)) << err;
    EXPECT_TRUE(back == pattern(files[i].size, static_cast<uint8_t>(i))) << path;
  }
  // The files with bytes lie in contiguous clusters in the order given; KERNEL.ELF on a 4 KiB
  // boundary, as it asked.
  EXPECT_LT(v.file_offsets[0], v.file_offsets[1]);
  EXPECT_LT(v.file_offsets[1], v.file_offsets[2]);
  EXPECT_EQ(v.file_offsets[2] % 4096, 0u);
}

// 1 MiB: FAT12; 10 MiB: FAT16; 70 MiB: FAT32 of 512-byte clusters; 1.2 GiB: FAT32 of 2 KiB clusters.
INSTANTIATE_TEST_SUITE_P(Sizes, ImageFatVolume, ::testing::Values(2000, 20000, 140000, 2500000),
                         [](const auto& info) { return "sectors_" + std::to_string(info.param); });

TEST(ImageFat, RefusesWhatItCannotHold) {
  FatGeometry g;
  std::string err;
  ASSERT_TRUE(fat_geometry(2000, &g, &err)) << err;
  FatVolume v;
  EXPECT_FALSE(build_fat_volume(g, 0, 1, {{"\\BIG.BIN", 2 << 20}}, &v, &err));
  EXPECT_NE(err.find("clusters"), std::string::npos) << err;
  EXPECT_FALSE(build_fat_volume(g, 0, 1, {{"\\efi\\boot.efi", 1}}, &v, &err));
  EXPECT_NE(err.find("8.3"), std::string::npos) << err;
  // A file's own name may be longer than 8.3 (a VFAT long name); directories' and lower case may not.
  EXPECT_FALSE(build_fat_volume(g, 0, 1, {{"\\LONGERNAME\\A.BIN", 1}}, &v, &err));
  EXPECT_FALSE(build_fat_volume(g, 0, 1, {{"\\longername.bin", 1}}, &v, &err));
  EXPECT_FALSE(build_fat_volume(g, 0, 1, {{"\\LONGERNAME.BINARY", 1}}, &v, &err));
  EXPECT_FALSE(build_fat_volume(g, 0, 1, {{"\\BOOTRISCV64.EFI", 1}, {"\\BOOTRISCV64.EFI", 2}}, &v, &err));
  EXPECT_NE(err.find("twice"), std::string::npos) << err;
  EXPECT_FALSE(build_fat_volume(g, 0, 1, {{"\\A.BIN", 1}, {"\\A.BIN", 2}}, &v, &err));
  EXPECT_NE(err.find("twice"), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild

namespace kbuild {
namespace {

TEST(ImageDiskLayout, PlansEachBootMode) {
  DiskPlan plan;
  std::string err;
  ASSERT_TRUE(plan_disk(BootMode::bios, 16384, 6144, 1, &plan, &err)) << err;
  EXPECT_EQ(plan.kernel_lba, 2048u);
  EXPECT_EQ(plan.disk_sectors, 4096u);
  for (BootMode boot : {BootMode::hybrid, BootMode::uefi}) {
    ASSERT_TRUE(plan_disk(boot, 16384, 6144, 1, &plan, &err)) << err;
    EXPECT_EQ(plan.disk_sectors % 2048, 0u);
    EXPECT_EQ((plan.esp_last_lba + 1) % 2048, 0u);
    EXPECT_LE(plan.esp_last_lba, plan.disk_sectors - 34);
    EXPECT_EQ(plan.esp.geometry.type, FatType::fat12);
    EXPECT_EQ(plan.kernel_lba, 2048 + plan.esp.file_offsets[kEspKernel] / 512);
    EXPECT_EQ(plan.kernel_lba % 8, 0u);
  }
}

TEST(ImageDiskLayout, KernelTooLargeForAFatFileSaysWhatToDo) {
  DiskPlan plan;
  std::string err;
  EXPECT_FALSE(plan_disk(BootMode::hybrid, uint64_t(5) << 30, 6144, 1, &plan, &err));
  EXPECT_NE(err.find("use [target] boot = \"bios\""), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild
