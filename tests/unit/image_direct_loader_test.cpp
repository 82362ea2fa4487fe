// <image>.loader beside a direct-boot image: written with the image, restored when it went or
// changed since, and on an up-to-date image checked by stat alone (its size and mtime against
// the stamp's), never read.
#include <fcntl.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "core/fs.h"
#include "elf_builder.h"
#include "image/bootloader_blob.h"
#include "image/kernel_image.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

class DirectLoaderFile : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ElfBuilder b = testing::higher_half_kernel();
    b.ehdr.e_machine = arch_info(Arch::aarch64).e_machine;
    std::vector<uint8_t> elf = b.build();
    std::string err;
    ASSERT_TRUE(write_file_if_changed(elf_, std::string(elf.begin(), elf.end()), &err)) << err;
    options_.arch = Arch::aarch64;
    ASSERT_TRUE(image(&err)) << err;
    ASSERT_TRUE(written_);
    ASSERT_EQ(loader_text(), expected());
  }
  bool image(std::string* err) {
    ImageResult result;
    bool ok = make_kernel_image(elf_, options_, img_, stamp_, &result, err);
    written_ = result.written;
    return ok;
  }
  std::string loader_text() {
    std::string text, err;
    read_file(direct_loader_path(img_), &text, &err);
    return text;
  }
  static std::string expected() {
    std::span<const uint8_t> loader = bootloader_aarch64_direct();
    return std::string(loader.begin(), loader.end());
  }
  // Same size, other bytes.
  void scribble() {
    std::string err;
    ASSERT_TRUE(write_file_if_changed(direct_loader_path(img_), std::string(expected().size(), 'x'), &err)) << err;
  }
  static int64_t mtime_ns(const fs::path& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec;
  }

  test::ScratchDir dir_;
  fs::path elf_ = dir_.path() / "k.elf", img_ = dir_.path() / "k.img", stamp_ = dir_.path() / "k.img.stamp";
  ImageOptions options_;
  bool written_ = false;
};

TEST_F(DirectLoaderFile, AGoneLoaderIsWrittenAgainWithoutRewritingTheImage) {
  fs::remove(direct_loader_path(img_));
  std::string err;
  ASSERT_TRUE(image(&err)) << err;
  EXPECT_FALSE(written_);
  EXPECT_EQ(loader_text(), expected());
  EXPECT_LE(mtime_ns(direct_loader_path(img_)), mtime_ns(stamp_)) << "the stamp is later than it again";
}

TEST_F(DirectLoaderFile, ALoaderChangedAfterTheStampIsWrittenAgain) {
  scribble();
  // Later than the stamp, whatever the file system's clock granularity.
  struct timespec later[2] = {{0, UTIME_OMIT}, {mtime_ns(stamp_) / 1000000000 + 10, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, direct_loader_path(img_).c_str(), later, 0), 0);
  std::string err;
  ASSERT_TRUE(image(&err)) << err;
  EXPECT_FALSE(written_);
  EXPECT_EQ(loader_text(), expected());
}

// What shows that the up-to-date check reads nothing: other bytes of the right size, dated no
// later than the stamp, are kept.
TEST_F(DirectLoaderFile, AnUpToDateLoaderIsJudgedByStatAlone) {
  scribble();
  struct timespec earlier[2] = {{0, UTIME_OMIT}, {mtime_ns(stamp_) / 1000000000 - 10, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, direct_loader_path(img_).c_str(), earlier, 0), 0);
  std::string err;
  ASSERT_TRUE(image(&err)) << err;
  EXPECT_FALSE(written_);
  EXPECT_EQ(loader_text(), std::string(expected().size(), 'x'));
  // Another size is no longer the loader's: written again.
  ASSERT_TRUE(write_file_if_changed(direct_loader_path(img_), "short", &err)) << err;
  ASSERT_EQ(::utimensat(AT_FDCWD, direct_loader_path(img_).c_str(), earlier, 0), 0);
  ASSERT_TRUE(image(&err)) << err;
  EXPECT_EQ(loader_text(), expected());
}

}  // namespace
}  // namespace kbuild
