// One list of rules for kernel segments (bootloader/shared/kernel_rules.h): the loaders apply it
// to the packed kernel at boot, `kbuild image` to the linked ELF first, with the same words.
#include "kernel_rules.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "image/elf.h"
#include "image/elf_validate.h"
#include "image/kernel_pack.h"
#include "unit/elf_builder.h"

namespace kbuild {
namespace {

using testing::ElfBuilder;
using testing::filled;

// What the loaders would say about `elf` once packed ("" when they would boot it): the same
// check common/kernel.cpp runs on the packed headers.
std::string loader_verdict(const std::vector<uint8_t>& elf) {
  PackedKernel packed;
  std::string err;
  EXPECT_TRUE(pack_kernel(elf, &packed, &err)) << err;
  elf::Elf64_Ehdr eh;
  EXPECT_TRUE(elf::read_struct(std::span<const uint8_t>(packed.headers), 0, &eh));
  std::vector<kbuild_rules::Segment> segments;
  for (uint16_t i = 0; i < eh.e_phnum; ++i) {
    elf::Elf64_Phdr ph;
    EXPECT_TRUE(elf::read_struct(std::span<const uint8_t>(packed.headers),
                                 eh.e_phoff + i * sizeof(ph), &ph));
    if (ph.p_type == elf::PT_LOAD && ph.p_memsz != 0)
      segments.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, ph.p_flags});
  }
  char why[kbuild_rules::kMessageCapacity];
  if (kbuild_rules::check_segments(segments.data(), static_cast<int>(segments.size()), eh.e_entry,
                                   packed.size, true, why))
    return "";
  return why;
}

std::string host_verdict(const std::vector<uint8_t>& elf) {
  KernelElf k;
  std::string err;
  return validate_kernel_elf(elf, &k, &err) ? "" : err;
}

TEST(KernelRules, SegmentsSharingAPageAreRefusedByTheHostInTheLoadersWords) {
  ElfBuilder b;
  const uint64_t base = 0xffffffff80100000;
  b.ehdr.e_entry = base;
  b.load(elf::PF_R | elf::PF_X, base, filled(0x100));
  b.load(elf::PF_R | elf::PF_W, base + 0x100, filled(0x40, 7), 0x1000);  // no ALIGN between
  std::vector<uint8_t> bytes = b.build();
  const std::string expected =
      "the PT_LOAD segment at 0xffffffff80100100 shares a page with the one at "
      "0xffffffff80100000: put each PT_LOAD on its own page (`. = ALIGN(0x1000)` in the linker "
      "script)";
  EXPECT_EQ(loader_verdict(bytes), expected);
  EXPECT_EQ(host_verdict(bytes), expected);
}

TEST(KernelRules, MoreSegmentsThanTheLoaderTakesAreRefusedByTheHost) {
  ElfBuilder b;
  const uint64_t base = 0xffffffff80100000;
  b.ehdr.e_entry = base;
  for (int i = 0; i <= kbuild_rules::kMaxSegments; ++i) {
    b.load(elf::PF_R | elf::PF_X, base + uint64_t(i) * 0x1000, filled(16));
  }
  EXPECT_EQ(host_verdict(b.build()),
            "73 PT_LOAD segments; the loader takes at most 72: merge output sections in the "
            "linker script");
}

TEST(KernelRules, KernelsTheHostAcceptsPassTheLoadersChecksOncePacked) {
  for (const ElfBuilder& b : {testing::higher_half_kernel(), testing::low_kernel()}) {
    std::vector<uint8_t> bytes = b.build();
    EXPECT_EQ(host_verdict(bytes), "");
    EXPECT_EQ(loader_verdict(bytes), "");
  }
}

// The packed form's own rules hold for kbuild's packer, not for any linked ELF: linkers put
// neighbouring segments on one file page, and kbuild repacks the file anyway.
TEST(KernelRules, SharedFilePagesAndOffsetCongruenceAreRulesOfThePackedFormOnly) {
  const uint64_t entry = 0xffffffff80100040;
  char why[kbuild_rules::kMessageCapacity];
  const kbuild_rules::Segment one_file_page[] = {
      {0x1040, 0xffffffff80100040, 0x40, 0x40, kbuild_rules::kPfExecute},
      {0x1080, 0xffffffff80101080, 0x40, 0x40, 0},
  };
  EXPECT_TRUE(kbuild_rules::check_segments(one_file_page, 2, entry, 0x2000, false, why)) << why;
  ASSERT_FALSE(kbuild_rules::check_segments(one_file_page, 2, entry, 0x2000, true, why));
  EXPECT_STREQ(why,
               "the PT_LOAD segments at 0xffffffff80100040 and 0xffffffff80101080 share a file "
               "page: the packed kernel is corrupt");
  const kbuild_rules::Segment not_congruent[] = {
      {0x1040, 0xffffffff80100040, 0x40, 0x40, kbuild_rules::kPfExecute},
      {0x2000, 0xffffffff80101080, 0x40, 0x40, 0},
  };
  EXPECT_TRUE(kbuild_rules::check_segments(not_congruent, 2, entry, 0x3000, false, why)) << why;
  ASSERT_FALSE(kbuild_rules::check_segments(not_congruent, 2, entry, 0x3000, true, why));
  EXPECT_STREQ(why,
               "the PT_LOAD segment at 0xffffffff80101080 is at file offset 0x2000, not "
               "congruent to its address modulo 4096: the packed kernel is corrupt");
}

}  // namespace
}  // namespace kbuild
