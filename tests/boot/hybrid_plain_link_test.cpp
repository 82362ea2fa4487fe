// A kernel linked by a plain `ld.lld` (no linker script) ends in a .bss-only PT_LOAD at an
// address that is not page aligned. The packer must give that segment an offset inside the
// packed file, or the loader refuses it ("segment N passes the end of the file").
#include <gtest/gtest.h>

#include "boot/boot_harness.h"
#include "core/fs.h"
#include "core/process.h"
#include "image/elf.h"

namespace kbuild::boot_test {
namespace {

namespace fs = std::filesystem;

// Compiles kernels/bss_only.cpp for the default (small) code model and links it with ld.lld's
// default layout: image base 0x200000, no -T.
bool build_plain_kernel(fs::path* elf, std::string* err) {
  fs::path dir = work_dir();
  fs::create_directories(dir);
  fs::path src = fs::path(KBUILD_SOURCE_DIR) / "tests/boot/kernels";
  fs::path object = dir / "bss_only.o";
  *elf = dir / "bss_only.elf";
  std::vector<std::string> compile;
  if (!test_kernel_compile_flags(false, &compile, err)) return false;
  compile.insert(compile.begin(), "clang++");
  std::erase(compile, "-mcmodel=kernel");
  compile.insert(compile.end(), {"-I" + (fs::path(KBUILD_SOURCE_DIR) / "bootloader/include").string(),
                                 "-c", (src / "bss_only.cpp").string(), "-o", object.string()});
  return run_tool(compile, err) &&
         run_tool({"ld.lld", "-nostdlib", "-static", "-z", "max-page-size=0x1000", "-e", "_start", "-o",
              elf->string(), object.string()},
             err);
}

elf::Elf64_Phdr last_load(std::span<const uint8_t> bytes) {
  elf::Elf64_Ehdr eh{};
  elf::read_struct(bytes, 0, &eh);
  elf::Elf64_Phdr last{};
  for (int i = 0; i < eh.e_phnum; ++i) {
    elf::Elf64_Phdr ph;
    if (elf::read_struct(bytes, eh.e_phoff + i * sizeof(ph), &ph) && ph.p_type == elf::PT_LOAD) last = ph;
  }
  return last;
}

class HybridPlainLink : public ::testing::TestWithParam<BootMode> {};

TEST_P(HybridPlainLink, BssOnlyLastSegmentBoots) {
  fs::path elf;
  std::string err;
  ASSERT_TRUE(build_plain_kernel(&elf, &err)) << err;
  std::vector<uint8_t> bytes;
  ASSERT_TRUE(read_file_bytes(elf, &bytes, &err)) << err;
  // What this test is about: the linker really produced the troublesome segment.
  elf::Elf64_Phdr bss = last_load(bytes);
  ASSERT_EQ(bss.p_filesz, 0u);
  ASSERT_NE(bss.p_vaddr % 4096, 0u);
  ASSERT_GE(bss.p_memsz, 3u * 4096);

  ImageOptions options;
  options.boot = GetParam();
  fs::path image = work_dir() / "bss_only.img";
  ASSERT_TRUE(write_image(options, bytes, image, &err)) << err;
  BootResult r = boot(image);
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("BSS OK"), std::string::npos) << r.serial;
}

INSTANTIATE_TEST_SUITE_P(Modes, HybridPlainLink, ::testing::Values(BootMode::bios, BootMode::hybrid),
                         [](const auto& info) { return info.param == BootMode::bios ? "bios" : "hybrid"; });

}  // namespace
}  // namespace kbuild::boot_test
