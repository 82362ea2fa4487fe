#include "image/elf_symbols.h"

#include <gtest/gtest.h>

#include "support/command.h"
#include <unistd.h>

#include <filesystem>
#include <random>

#include "core/fs.h"
#include "core/process.h"
#include "unit/elf_builder.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

TEST(Demangle, CxxNamesBecomeReadable) {
  EXPECT_EQ(demangle("_ZN3vga6Writer3putEc"), "vga::Writer::put(char)");
  EXPECT_EQ(demangle("kmain"), "kmain");
  EXPECT_EQ(demangle("_Znot_valid"), "_Znot_valid");
}

TEST(ElfSymbols, StrippedFileIsReported) {
  ElfSymbols syms;
  std::string err;
  EXPECT_FALSE(syms.load(testing::higher_half_kernel().build(), &err));
  EXPECT_NE(err.find("stripped"), std::string::npos) << err;
  EXPECT_FALSE(syms.lookup(0xffffffff80000000));
}

TEST(ElfSymbols, NotAnElf) {
  ElfSymbols syms;
  std::string err;
  EXPECT_FALSE(syms.load(testing::bytes_of("hello"), &err));
  EXPECT_NE(err.find("not a little-endian ELF64"), std::string::npos) << err;
}

// A small freestanding kernel built with the real clang++ and ld.lld, its functions placed at
// known addresses by a linker script, so lookups can be checked against fixed numbers.
class ElfSymbolsToolchain : public ::testing::Test {
 protected:
  void SetUp() override {
    if (find_program("clang++").empty() || find_program("ld.lld").empty())
      GTEST_SKIP() << "clang++ or ld.lld not installed";
    dir_ = scratch_.path();
    write("k.cpp",
          "namespace vga {\n"
          "struct Writer { int column; void put(char c); };\n"
          "}\n"
          "__attribute__((section(\".text.put\"), noinline)) void vga::Writer::put(char c) {\n"
          "  column += c;\n"
          "  if (column > 80) column = 0;\n"
          "}\n"
          "extern \"C\" __attribute__((section(\".text.f\"))) void f() {\n"
          "  vga::Writer w{0};\n"
          "  for (;;) w.put('a');\n"
          "}\n"
          // An assembly label without .type: STT_NOTYPE in an executable section.
          "asm(\".section .text.entry, \\\"ax\\\"\\n.globl entry_label\\nentry_label: ret\\n\");\n");
    write("k.ld",
          "SECTIONS {\n"
          "  . = 0x200000;\n"
          "  .text.f : { *(.text.f) }\n"
          "  . = 0x201000;\n"
          "  .text.put : { *(.text.put) }\n"
          "  . = 0x203000;\n"
          "  .text.entry : { *(.text.entry) }\n"
          "  . = 0x204000;\n"
          "  .data : { *(.data*) *(.bss*) }\n"
          "}\n");
    fs::path obj = dir_ / "k.o";
    elf_ = dir_ / "kernel.elf";
    ASSERT_NO_FATAL_FAILURE(run({"clang++", "--target=x86_64-unknown-none-elf", "-ffreestanding", "-nostdlib",
                                 "-fno-pic", "-O1", "-c", (dir_ / "k.cpp").string(), "-o", obj.string()}));
    ASSERT_NO_FATAL_FAILURE(
        run({"ld.lld", "-e", "f", "-T", (dir_ / "k.ld").string(), obj.string(), "-o", elf_.string()}));
    std::string err;
    ASSERT_TRUE(read_file_bytes(elf_, &bytes_, &err)) << err;
  }
  void write(const char* name, const char* text) {
    std::string err;
    ASSERT_TRUE(write_file_if_changed(dir_ / name, text, &err)) << err;
  }
  void run(const std::vector<std::string>& argv) {
    ProcessResult r = test::run_command(argv, {}, std::chrono::seconds(120));
    ASSERT_TRUE(r.ok()) << format_command(argv) << ": " << r.describe() << "\n" << r.out;
  }
  test::ScratchDir scratch_;
  fs::path dir_, elf_;
  std::vector<uint8_t> bytes_;
};

TEST_F(ElfSymbolsToolchain, LooksUpAddressesInsideBothFunctionsAndOutside) {
  ElfSymbols syms;
  std::string err;
  ASSERT_TRUE(syms.load(bytes_, &err)) << err;

  auto f = syms.lookup(0x200000);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->name, "f");
  EXPECT_EQ(f->offset, 0u);
  EXPECT_EQ(syms.describe(0x200002), "f+0x2");

  auto put = syms.lookup(0x201004);
  ASSERT_TRUE(put);
  EXPECT_EQ(put->name, "vga::Writer::put(char)");
  EXPECT_EQ(put->offset, 4u);
  EXPECT_EQ(syms.describe(0x201000), "vga::Writer::put(char)");

  EXPECT_EQ(syms.describe(0x203000), "entry_label");

  // f is short, so the gap after it up to put belongs to no function; nor does data or far away.
  EXPECT_FALSE(syms.lookup(0x200f00));
  EXPECT_FALSE(syms.lookup(0x1000));
  EXPECT_FALSE(syms.lookup(0x300000));
  EXPECT_EQ(syms.describe(0x300000), "");
}

TEST_F(ElfSymbolsToolchain, DamagedFilesNeverCrash) {
  std::mt19937_64 rng(777);
  int loaded = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> bytes = bytes_;
    for (int e = 0; e < 4; ++e) {
      size_t at = rng() % bytes.size();
      if (rng() % 8 == 0)
        bytes.resize(at);
      else
        bytes[at] = static_cast<uint8_t>(rng());
      if (bytes.empty()) break;
    }
    ElfSymbols syms;
    std::string err;
    if (syms.load(bytes, &err)) {
      ++loaded;
      for (const ElfSymbol& s : syms.symbols()) ASSERT_LE(s.address, s.end);
      syms.describe(0x200004);
      syms.describe(UINT64_MAX);
    } else {
      ASSERT_FALSE(err.empty());
    }
  }
  EXPECT_GT(loaded, 10);
}

}  // namespace
}  // namespace kbuild
