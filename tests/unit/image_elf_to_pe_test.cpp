// The ELF-to-PE32+ converter that makes BOOTRISCV64.EFI: a riscv64 static PIE built with the
// real clang and ld.lld (with the loader's own linker script) is converted, and llvm-readobj,
// which reads COFF headers of any machine, checks the headers, the sections and that .reloc
// names exactly the words the ELF's R_RISCV_RELATIVE relocations patch.
#include "image/elf_to_pe.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "core/fs.h"
#include "core/process.h"
#include "image/pe.h"
#include "support/command.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

class ElfToPe : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"clang", "ld.lld", "llvm-readobj-14", "llvm-readelf-14"})
      if (find_program(tool).empty()) GTEST_SKIP() << tool << " not installed";
    dir_ = scratch_.path();
    std::string err;
    // A table of pointers (each an R_RISCV_RELATIVE), a string, and .bss past the raw data.
    ASSERT_TRUE(write_file_if_changed(dir_ / "app.cpp",
                                      "static int a, b, c;\n"
                                      "int* table[] = {&a, &b, &c, nullptr};\n"
                                      "const char* greeting = \"hello\";\n"
                                      "char big[65536];\n"
                                      "extern \"C\" long _start(long image, long system) {\n"
                                      "  big[image] = 1;\n"
                                      "  return *table[system & 1] + greeting[image];\n"
                                      "}\n",
                                      &err))
        << err;
    ASSERT_NO_FATAL_FAILURE(run({"clang", "--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64",
                                 "-mcmodel=medany", "-mno-relax", "-ffreestanding", "-fpie", "-fvisibility=hidden",
                                 "-O2", "-c", (dir_ / "app.cpp").string(), "-o", (dir_ / "app.o").string()}));
  }

  void link(const fs::path& script, const fs::path& out) {
    run({"ld.lld", "-nostdlib", "-pie", "--no-dynamic-linker", "-z", "text", "-T", script.string(),
         (dir_ / "app.o").string(), "-o", out.string()});
  }

  std::string run(const std::vector<std::string>& argv) {
    ProcessResult r = test::run_command(argv, {}, std::chrono::seconds(120));
    EXPECT_TRUE(r.ok()) << format_command(argv) << ": " << r.describe() << "\n" << r.out;
    return r.out;
  }

  std::vector<uint8_t> bytes(const fs::path& path) {
    std::vector<uint8_t> out;
    std::string err;
    EXPECT_TRUE(read_file_bytes(path, &out, &err)) << err;
    return out;
  }

  test::ScratchDir scratch_;
  fs::path dir_;
};

TEST_F(ElfToPe, MakesAnEfiApplicationWithEveryRelativeRelocationInReloc) {
  fs::path elf = dir_ / "app.elf";
  ASSERT_NO_FATAL_FAILURE(link(fs::path(KBUILD_SOURCE_DIR) / "bootloader/riscv64/uefi_linker.ld", elf));
  std::vector<uint8_t> in = bytes(elf), pe;
  std::string err;
  ASSERT_TRUE(elf_to_pe(in, &pe, &err)) << err;
  fs::path efi = dir_ / "app.efi";
  {
    std::ofstream file(efi, std::ios::binary);
    file.write(reinterpret_cast<const char*>(pe.data()), static_cast<std::streamsize>(pe.size()));
    ASSERT_TRUE(file.good());
  }

  // What the ELF says, read by llvm-readelf: the entry and each R_RISCV_RELATIVE (offset, addend).
  std::string header = run({"llvm-readelf-14", "--file-headers", elf.string()});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(header, m, std::regex("Entry point address: +0x([0-9a-f]+)"))) << header;
  uint64_t entry = std::stoull(m[1], nullptr, 16);
  std::string relocs = run({"llvm-readelf-14", "--relocs", elf.string()});
  std::map<uint64_t, uint64_t> relative;
  std::regex rel("([0-9a-f]{16}) +[0-9a-f]+ +R_RISCV_RELATIVE +([0-9a-f]+)");
  for (auto it = std::sregex_iterator(relocs.begin(), relocs.end(), rel); it != std::sregex_iterator(); ++it)
    relative[std::stoull((*it)[1], nullptr, 16)] = std::stoull((*it)[2], nullptr, 16);
  ASSERT_GE(relative.size(), 4u) << relocs;  // the table's four entries, and the string pointer

  std::string out = run({"llvm-readobj-14", "--file-headers", "--sections", "--coff-basereloc", efi.string()});
  EXPECT_NE(out.find("Machine: 0x5064"), std::string::npos) << out;
  EXPECT_NE(out.find("Magic: 0x20B"), std::string::npos) << out;
  EXPECT_NE(out.find("Subsystem: IMAGE_SUBSYSTEM_EFI_APPLICATION (0xA)"), std::string::npos) << out;
  EXPECT_NE(out.find("IMAGE_FILE_EXECUTABLE_IMAGE"), std::string::npos) << out;
  char line[64];
  std::snprintf(line, sizeof(line), "AddressOfEntryPoint: 0x%llX", static_cast<unsigned long long>(entry));
  EXPECT_NE(out.find(line), std::string::npos) << out;
  EXPECT_NE(out.find("SectionAlignment: 4096"), std::string::npos) << out;
  EXPECT_NE(out.find("FileAlignment: 512"), std::string::npos) << out;
  EXPECT_NE(out.find("SizeOfHeaders: 512"), std::string::npos) << out;
  for (const char* name : {"Name: .text", "Name: .data", "Name: .reloc"})
    EXPECT_NE(out.find(name), std::string::npos) << name << "\n" << out;

  std::set<uint64_t> dir64;
  std::regex entry_re("Type: DIR64\\s+Address: 0x([0-9A-F]+)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), entry_re); it != std::sregex_iterator(); ++it)
    dir64.insert(std::stoull((*it)[1], nullptr, 16));
  std::set<uint64_t> expected;
  for (auto [at, addend] : relative) expected.insert(at);
  EXPECT_EQ(dir64, expected) << out;

  // SizeOfImage covers every section; each relocated word holds its address as linked
  // (ImageBase 0), read through the section table the way a firmware loader does.
  pe::DosHeader dos;
  std::memcpy(&dos, pe.data(), sizeof(dos));
  pe::FileHeader file;
  std::memcpy(&file, pe.data() + dos.e_lfanew + 4, sizeof(file));
  pe::OptionalHeader64 opt;
  std::memcpy(&opt, pe.data() + dos.e_lfanew + 4 + sizeof(file), sizeof(opt));
  EXPECT_EQ(opt.ImageBase, 0u);
  std::vector<pe::SectionHeader> sections(file.NumberOfSections);
  std::memcpy(sections.data(), pe.data() + dos.e_lfanew + 4 + sizeof(file) + sizeof(opt),
              sections.size() * sizeof(pe::SectionHeader));
  for (const pe::SectionHeader& s : sections) {
    EXPECT_LE(s.VirtualAddress + s.VirtualSize, opt.SizeOfImage);
    EXPECT_EQ(s.VirtualAddress % kPeSectionAlignment, 0u);
    EXPECT_LE(uint64_t(s.PointerToRawData) + s.SizeOfRawData, pe.size());
  }
  for (auto [at, addend] : relative) {
    bool found = false;
    for (const pe::SectionHeader& s : sections) {
      if (at < s.VirtualAddress || at - s.VirtualAddress + 8 > s.SizeOfRawData) continue;
      uint64_t value;
      std::memcpy(&value, pe.data() + s.PointerToRawData + (at - s.VirtualAddress), 8);
      EXPECT_EQ(value, addend) << std::hex << at;
      found = true;
    }
    EXPECT_TRUE(found) << std::hex << at;
  }
}

TEST_F(ElfToPe, RefusesSegmentsOffAPageAndFilesThatAreNotRiscv64Elf) {
  // Without the loader script's alignment the second segment starts mid-page: no PE section.
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir_ / "packed.ld",
                                    "SECTIONS { . = 0x1000; .text : { *(.text*) } .data : { *(.data* .sdata*) } "
                                    ".bss : { *(.bss* .sbss*) } }\n",
                                    &err))
      << err;
  fs::path elf = dir_ / "packed.elf";
  ASSERT_NO_FATAL_FAILURE(link(dir_ / "packed.ld", elf));
  std::vector<uint8_t> pe;
  EXPECT_FALSE(elf_to_pe(bytes(elf), &pe, &err));
  EXPECT_NE(err.find("4 KiB boundary"), std::string::npos) << err;

  std::vector<uint8_t> text = {'M', 'Z', 0, 0};
  EXPECT_FALSE(elf_to_pe(text, &pe, &err));
  EXPECT_NE(err.find("not a little-endian ELF64"), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild
