#include "image/elf_validate.h"

#include <gtest/gtest.h>

#include "support/command.h"
#include <unistd.h>

#include <filesystem>
#include <random>
#include <set>

#include "core/fs.h"
#include "core/process.h"
#include "unit/elf_builder.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;
using testing::bad_elf;
using testing::bad_elf_names;
using testing::ElfBuilder;
using testing::filled;

std::string rejection(const std::vector<uint8_t>& bytes) {
  KernelElf out;
  std::string err;
  EXPECT_FALSE(validate_kernel_elf(bytes, &out, &err));
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  return err;
}

// Every case bad_elf() builds, with words its message must contain.
struct Case {
  const char* name;
  std::vector<std::string> words;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"empty", {"empty", "0 bytes"}},
      {"text", {"text file", "This is not a kernel."}},
      {"script", {"script", "#!/bin/sh"}},
      {"pe", {"PE/COFF", "MZ"}},
      {"macho", {"Mach-O"}},
      {"garbage", {"not an ELF", "00 01 02 03"}},
      {"truncated_header", {"truncated ELF header", "40 bytes", "needs 64"}},
      {"elf32",
       {"32-bit (ELFCLASS32): kbuild boots 64-bit kernels; compile with "
        "--target=x86_64-unknown-none-elf"}},
      {"big_endian", {"big-endian", "ELFDATA2MSB"}},
      {"aarch64", {"AArch64", "e_machine 183", "--target=x86_64-unknown-none-elf"}},
      {"riscv", {"RISC-V"}},
      {"i386", {"i386"}},
      {"relocatable", {"relocatable object file (.o), not a linked kernel: link it with ld.lld"}},
      {"pie", {"ET_DYN", "statically linked executable", "-fno-pie", "-static"}},
      {"linux_program",
       {"looks like a Linux program", "/lib64/ld-linux-x86-64.so.2", "-ffreestanding -nostdlib -static"}},
      {"dynamic", {"PT_DYNAMIC", "-ffreestanding -nostdlib -static"}},
      {"static_linux_program", {"statically linked Linux program", "GNU ABI note"}},
      {"no_load", {"no PT_LOAD segment"}},
      // The rules the loaders apply, in the loaders' words (bootloader/shared/kernel_rules.h).
      {"entry_in_data",
       {"the entry point 0xffffffff80002008 is not inside an executable PT_LOAD segment: check ENTRY() "
        "in the linker script"}},
      {"entry_outside", {"the entry point 0xffffffff80100000 is not inside an executable PT_LOAD segment"}},
      {"entry_zero", {"the entry point 0x0 is not inside an executable PT_LOAD segment"}},
      {"segment_past_end", {"runs past the end of the file (", "bytes at offset", "): the file is truncated"}},
      {"filesz_over_memsz", {"has p_filesz 0x20 larger than p_memsz 0x8: the file is corrupt"}},
      {"overlap_virtual",
       {"the PT_LOAD segment at 0xffffffff80000020 shares a page with the one at 0xffffffff80000000: put "
        "each PT_LOAD on its own page (`. = ALIGN(0x1000)` in the linker script)"}},
      {"overlap_physical", {"segments 0 (0x200000..0x200040) and 1 (0x200020", "physical memory"}},
      {"non_canonical",
       {"the PT_LOAD segment at 0x900000000000 (", " bytes) is not canonical: fix the address in the linker script"}},
      {"canonical_hole", {"the PT_LOAD segment at 0x7ffffffff000 (", "is not canonical"}},
      {"wraps", {"the PT_LOAD segment at 0xfffffffffffff000 (", "is not canonical"}},
      {"low_memory",
       {"the PT_LOAD segment at 0x80000 lies in the first MiB, which the bootloader uses; link the kernel "
        "at or above 0x100000 (e.g. 0xffffffff80000000 or 0x200000)"}},
      {"phdrs_past_end", {"truncated", "program headers (3 x 56 bytes at offset 0x40)"}},
      {"bad_phentsize", {"e_phentsize=32", "56"}},
      {"too_many_phdrs", {"2000 program headers", "1024"}},
      {"pn_xnum", {"PN_XNUM"}},
      {"bad_ehsize", {"e_ehsize=52"}},
      {"huge_segment", {"segment 2", "0x10000000000", "512 GiB"}},
      {"bad_align", {"segment 0", "alignment 0x3000 is not a power of two"}},
  };
  return all;
}

TEST(ElfValidate, EveryBadElfIsRejectedWithItsOwnMessage) {
  ASSERT_EQ(cases().size(), bad_elf_names().size());
  std::set<std::string> messages;
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    ASSERT_NE(std::find(bad_elf_names().begin(), bad_elf_names().end(), c.name), bad_elf_names().end());
    std::string err = rejection(bad_elf(c.name));
    for (const std::string& word : c.words) EXPECT_NE(err.find(word), std::string::npos) << err;
    EXPECT_TRUE(messages.insert(err).second) << "message shared with another case: " << err;
  }
}

TEST(ElfValidate, AcceptsHigherHalfKernel) {
  KernelElf k;
  std::string err;
  ASSERT_TRUE(validate_kernel_elf(testing::higher_half_kernel().build(), &k, &err)) << err;
  EXPECT_EQ(k.entry, 0xffffffff80000000);
  ASSERT_EQ(k.segments.size(), 3u);
  EXPECT_EQ(k.segments[0].flags, elf::PF_R | elf::PF_X);
  EXPECT_EQ(k.segments[0].paddr, 0x200000u);
  EXPECT_EQ(k.segments[2].filesz, 16u);
  EXPECT_EQ(k.segments[2].memsz, 0x3000u);
  EXPECT_EQ(k.lowest_vaddr, 0xffffffff80000000);
  EXPECT_EQ(k.highest_vaddr_end, 0xffffffff80005000);
  EXPECT_TRUE(k.higher_half);
}

// The loaders of aarch64 and riscv64 refuse addresses their paging cannot map; kbuild image
// refuses them first, in the loaders' words (bootloader/shared/kernel_rules.h).
TEST(ElfValidate, EachArchitecturesAddressSpaceIsCheckedAsItsLoaderChecksIt) {
  KernelElf k;
  std::string err;
  ElfBuilder low = testing::low_kernel();
  low.ehdr.e_machine = 183;
  EXPECT_FALSE(validate_kernel_elf(low.build(), &k, &err, Arch::aarch64));
  EXPECT_NE(err.find("is in the lower half; the aarch64 loader maps kernels at 0xffff000000000000 and up"),
            std::string::npos) << err;
  ElfBuilder high = testing::higher_half_kernel();
  high.ehdr.e_machine = 183;
  EXPECT_TRUE(validate_kernel_elf(high.build(), &k, &err, Arch::aarch64)) << err;

  // 0xffff800000000000 is canonical on x86_64 but outside Sv39; 0xffffffff80000000 is inside
  ElfBuilder x86_half = testing::higher_half_kernel();
  x86_half.ehdr.e_machine = 243;
  for (auto& seg : x86_half.segments)
    if (seg.vaddr >= 0xffffffff80000000) seg.vaddr = seg.vaddr - 0xffffffff80000000 + 0xffff800000000000;
  x86_half.ehdr.e_entry = 0xffff800000000000;
  EXPECT_FALSE(validate_kernel_elf(x86_half.build(), &k, &err, Arch::riscv64));
  EXPECT_NE(err.find("is outside Sv39's address space"), std::string::npos) << err;
  high.ehdr.e_machine = 243;
  EXPECT_TRUE(validate_kernel_elf(high.build(), &k, &err, Arch::riscv64)) << err;
}

TEST(ElfValidate, AcceptsLowKernelAtTwoMiB) {
  KernelElf k;
  std::string err;
  ASSERT_TRUE(validate_kernel_elf(testing::low_kernel().build(), &k, &err)) << err;
  EXPECT_EQ(k.entry, 0x200010u);
  EXPECT_EQ(k.segments.size(), 2u);
  EXPECT_EQ(k.lowest_vaddr, 0x200000u);
  EXPECT_EQ(k.highest_vaddr_end, 0x203000u);
  EXPECT_FALSE(k.higher_half);
}

TEST(ElfValidate, SegmentsInFileOrderAndNonLoadHeadersIgnored) {
  ElfBuilder b;
  b.ehdr.e_entry = 0x400000;
  b.load(elf::PF_R | elf::PF_W, 0x500000, filled(8));
  b.other(0x6474e551 /* PT_GNU_STACK */, elf::PF_R | elf::PF_W, 0, 16);
  b.load(elf::PF_R | elf::PF_X, 0x400000, filled(8));
  KernelElf k;
  std::string err;
  ASSERT_TRUE(validate_kernel_elf(b.build(), &k, &err)) << err;
  ASSERT_EQ(k.segments.size(), 2u);
  EXPECT_EQ(k.segments[0].vaddr, 0x500000u);
  EXPECT_EQ(k.segments[1].vaddr, 0x400000u);
  EXPECT_EQ(k.lowest_vaddr, 0x400000u);
  EXPECT_EQ(k.highest_vaddr_end, 0x500008u);
}

TEST(ElfValidate, MixedLowAndHigherHalfIsFineWhenBothAreValid) {
  ElfBuilder b = testing::higher_half_kernel();
  b.load(elf::PF_R | elf::PF_X, 0x100000, filled(16));  // a low trampoline
  KernelElf k;
  std::string err;
  ASSERT_TRUE(validate_kernel_elf(b.build(), &k, &err)) << err;
  EXPECT_TRUE(k.higher_half);
  EXPECT_EQ(k.lowest_vaddr, 0x100000u);
  EXPECT_EQ(k.highest_vaddr_end, 0xffffffff80005000);

  // The low part still has to stay out of the loader's first MiB.
  b.segments.back().vaddr = 0xff000;
  b.segments.back().paddr = 0xff000;
  EXPECT_NE(rejection(b.build()).find("the PT_LOAD segment at 0xff000 lies in the first MiB"), std::string::npos);
}

// Overlapping segments share a page: the loaders' rule, naming the later one first.
TEST(ElfValidate, OverlapIsRefusedAsTheLoadersSayIt) {
  ElfBuilder b;
  b.ehdr.e_entry = 0x400000;
  b.load(elf::PF_R, 0x402000, filled(8));
  b.load(elf::PF_R | elf::PF_X, 0x400000, filled(8), 0x10000);
  std::string err = rejection(b.build());
  EXPECT_EQ(err, "the PT_LOAD segment at 0x400000 shares a page with the one at 0x402000: put each PT_LOAD "
                 "on its own page (`. = ALIGN(0x1000)` in the linker script)");
}

TEST(ElfValidate, AdjacentSegmentsDoNotOverlap) {
  ElfBuilder b = testing::low_kernel();
  b.segments[0].memsz = 0x1000;  // ends exactly where segment 1 starts
  KernelElf k;
  std::string err;
  EXPECT_TRUE(validate_kernel_elf(b.build(), &k, &err)) << err;
}

TEST(ElfValidate, HigherHalfSegmentsMayShareAPhysicalAddress) {
  // The loader chooses physical pages for higher-half kernels, so only virtual overlap counts.
  ElfBuilder b = testing::higher_half_kernel();
  for (auto& s : b.segments) s.paddr = 0;
  KernelElf k;
  std::string err;
  EXPECT_TRUE(validate_kernel_elf(b.build(), &k, &err)) << err;
}

TEST(ElfValidate, NeverReadsPastTheEnd) {
  // Every prefix of a valid kernel is either rejected cleanly or (when only trailing bytes
  // nobody needs are cut) accepted.
  std::vector<uint8_t> full = testing::higher_half_kernel().build();
  for (size_t n = 0; n < full.size(); ++n) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + n);
    KernelElf k;
    std::string err;
    EXPECT_FALSE(validate_kernel_elf(cut, &k, &err)) << n;
    EXPECT_FALSE(err.empty()) << n;
  }
}

// A random file must never crash the validator; whatever it accepts must hold what the loader
// relies on.
TEST(ElfValidate, SurvivesRandomMutations) {
  std::mt19937_64 rng(12345);
  std::vector<std::vector<uint8_t>> seeds = {testing::higher_half_kernel().build(),
                                             testing::low_kernel().build()};
  const uint64_t extremes[] = {0,
                               1,
                               0x38,
                               0x40,
                               0xffff,
                               0x7fffffffffff,
                               0x800000000000,
                               0xffff800000000000,
                               0xffffffff80000000,
                               UINT64_MAX};
  int accepted = 0, rejected = 0;
  for (int round = 0; round < 4000; ++round) {
    std::vector<uint8_t> bytes = seeds[round % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      size_t at = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[at] = static_cast<uint8_t>(rng()); break;
        case 1: bytes[at] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
        case 2: {  // an extreme 8-byte value at an 8-byte boundary, where ELF fields live
          at &= ~size_t{7};
          uint64_t v = extremes[rng() % std::size(extremes)];
          for (size_t i = 0; i < 8 && at + i < bytes.size(); ++i) bytes[at + i] = uint8_t(v >> (8 * i));
          break;
        }
        case 3: bytes.resize(at); break;
      }
    }
    KernelElf k;
    std::string err;
    if (validate_kernel_elf(bytes, &k, &err)) {
      ++accepted;
      ASSERT_FALSE(k.segments.empty());
      bool entry_in_code = false;
      for (const LoadSegment& s : k.segments) {
        ASSERT_LE(s.filesz, s.memsz);
        ASSERT_LE(s.offset + s.filesz, bytes.size());
        if (s.memsz == 0) continue;
        ASSERT_GE(s.vaddr, kLoaderLowMemoryEnd);
        if (s.flags & elf::PF_X && k.entry >= s.vaddr && k.entry - s.vaddr < s.memsz) entry_in_code = true;
      }
      ASSERT_TRUE(entry_in_code);
    } else {
      ++rejected;
      ASSERT_FALSE(err.empty());
      ASSERT_EQ(err.find('\n'), std::string::npos) << err;
    }
  }
  // Both outcomes must occur, or the mutations test nothing.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 100);
}

// Real toolchain output: what users actually pass by mistake.
class ElfValidateToolchain : public ::testing::Test {
 protected:
  void SetUp() override {
    if (find_program("clang++").empty()) GTEST_SKIP() << "clang++ not installed";
    dir_ = scratch_.path();
  }
  void run(const std::vector<std::string>& argv) {
    ProcessResult r = test::run_command(argv, {}, std::chrono::seconds(120));
    ASSERT_TRUE(r.ok()) << format_command(argv) << ": " << r.describe() << "\n" << r.out;
  }
  std::vector<uint8_t> read(const fs::path& p) {
    std::vector<uint8_t> bytes;
    std::string err;
    EXPECT_TRUE(read_file_bytes(p, &bytes, &err)) << err;
    return bytes;
  }
  fs::path write_source(const char* name, const char* text) {
    fs::path p = dir_ / name;
    std::string err;
    EXPECT_TRUE(write_file_if_changed(p, text, &err)) << err;
    return p;
  }
  test::ScratchDir scratch_;
  fs::path dir_;
};

TEST_F(ElfValidateToolchain, RejectsHostedLinuxProgram) {
  fs::path src = write_source("hello.cpp", "int main() { return 0; }\n");
  fs::path exe = dir_ / "hello";
  ASSERT_NO_FATAL_FAILURE(run({"clang++", "--target=x86_64-linux-gnu", src.string(), "-o", exe.string()}));
  std::string err = rejection(read(exe));
  EXPECT_NE(err.find("looks like a Linux program"), std::string::npos) << err;
  EXPECT_NE(err.find("ld-linux"), std::string::npos) << err;
}

TEST_F(ElfValidateToolchain, RejectsStaticLinuxProgram) {
  fs::path src = write_source("hello.cpp", "int main() { return 0; }\n");
  fs::path exe = dir_ / "hello";
  ASSERT_NO_FATAL_FAILURE(
      run({"clang++", "--target=x86_64-linux-gnu", "-static", src.string(), "-o", exe.string()}));
  std::string err = rejection(read(exe));
  EXPECT_NE(err.find("statically linked Linux program"), std::string::npos) << err;
}

TEST_F(ElfValidateToolchain, RejectsObjectFile) {
  fs::path src = write_source("k.cpp", "extern \"C\" void kmain() {}\n");
  fs::path obj = dir_ / "k.o";
  ASSERT_NO_FATAL_FAILURE(run({"clang++", "--target=x86_64-unknown-none-elf", "-ffreestanding", "-c",
                               src.string(), "-o", obj.string()}));
  std::string err = rejection(read(obj));
  EXPECT_NE(err.find("relocatable object file (.o)"), std::string::npos) << err;
}

TEST_F(ElfValidateToolchain, AcceptsFreestandingHigherHalfKernel) {
  if (find_program("ld.lld").empty()) GTEST_SKIP() << "ld.lld not installed";
  fs::path src = write_source("k.cpp",
                              "static volatile int counter;\n"
                              "char stack_space[8192];  // global, so it is kept\n"
                              "extern \"C\" void kmain() { for (;;) { counter = counter + 1; "
                              "stack_space[counter & 4095] = 1; } }\n");
  fs::path script = write_source("k.ld",
                                 "ENTRY(kmain)\n"
                                 "SECTIONS {\n"
                                 "  . = 0xffffffff80000000;\n"
                                 "  .text : AT(0x200000) { *(.text*) }\n"
                                 "  . = ALIGN(0x1000);\n"
                                 "  .data : { *(.data*) *(.bss*) }\n"
                                 "}\n");
  fs::path obj = dir_ / "k.o", elf = dir_ / "kernel.elf";
  ASSERT_NO_FATAL_FAILURE(
      run({"clang++", "--target=x86_64-unknown-none-elf", "-ffreestanding", "-fno-pic", "-mcmodel=kernel",
           "-mno-red-zone", "-O1", "-c", src.string(), "-o", obj.string()}));
  ASSERT_NO_FATAL_FAILURE(run({"ld.lld", "-nostdlib", "-static", "-z", "max-page-size=0x1000", "-T",
                               script.string(), obj.string(), "-o", elf.string()}));
  KernelElf k;
  std::string err;
  ASSERT_TRUE(validate_kernel_elf(read(elf), &k, &err)) << err;
  EXPECT_TRUE(k.higher_half);
  EXPECT_GE(k.entry, 0xffffffff80000000);
  EXPECT_GE(k.lowest_vaddr, 0xffffffff80000000);
  EXPECT_GE(k.highest_vaddr_end, k.lowest_vaddr + 8192);  // the stack array is in there
}

}  // namespace
}  // namespace kbuild
