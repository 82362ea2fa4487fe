// `kbuild image` for each [target] boot mode, judged by the real tools: sgdisk -v finds no
// problem in the GPT, fsck.vfat none in the EFI system partition, and mtools list and give back
// BOOTX64.EFI, MANIFEST.BIN and KERNEL.ELF byte for byte. Small, medium and large kernels give
// the three FAT types. An aarch64 image's ESP holds BOOTAA64.EFI instead.
#include <cstring>
#include <regex>

#include "boot_manifest.h"
#include "cli_harness.h"
#include "image/bootloader_blob.h"
#include "image/kernel_pack.h"
#include "unit/elf_builder.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;
using kbuild::testing::ElfBuilder;

constexpr uint64_t kBase = 0xffffffff80000000;

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 12));
  return v;
}

// Text of `text_bytes`, a little rodata and data, and a .bss.
std::vector<uint8_t> kernel_of(size_t text_bytes, uint8_t seed = 1, uint16_t machine = 0) {
  ElfBuilder b;
  if (machine) b.ehdr.e_machine = machine;
  b.ehdr.e_entry = kBase;
  b.load(elf::PF_R | elf::PF_X, kBase, pattern(text_bytes, seed));
  uint64_t next = (kBase + text_bytes + 0xfff) & ~uint64_t(0xfff);
  b.load(elf::PF_R, next + 0x20, pattern(100, 3));
  b.load(elf::PF_R | elf::PF_W, next + 0x1010, pattern(300, 5), 0x5000);
  return b.build();
}

std::string slurp(const fs::path& path) {
  std::string text, err;
  EXPECT_TRUE(read_file(path, &text, &err)) << err;
  return text;
}

struct Tool {
  int status = -1;
  std::string out;
};

Tool tool(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.output = ProcessSpec::Output::merge;
  spec.timeout = std::chrono::seconds(120);
  spec.env_set = {{"MTOOLS_SKIP_CHECK", "1"}};
  ProcessResult r;
  std::string err;
  EXPECT_TRUE(run_process(spec, &r, &err)) << err;
  return {r.exit_code, r.out};
}

// mdir groups large sizes' digits with spaces.
std::string grouped(uint64_t size) {
  std::string digits = std::to_string(size), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += " ";
    out += digits[i];
  }
  return out;
}

uint64_t sgdisk_number(const std::string& info, const std::string& label) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(info, m, std::regex(label + ": ([0-9]+)"))) << info;
  return m.empty() ? 0 : std::stoull(m[1]);
}

class ImageHybrid : public CliTest {
 protected:
  // Writes kernel.elf and a kernel.toml with the given [target] lines, runs kbuild image.
  std::string image(const std::vector<uint8_t>& elf, const std::string& target) {
    std::string err;
    AtomicFile f;
    EXPECT_TRUE(f.open(dir_ / "kernel.elf", &err) && f.write_at(0, elf, &err) && f.commit(&err)) << err;
    write("kernel.toml", "[kernel]\nname = \"k\"\n[target]\n" + target + "\n");
    write("src/main.cpp", "");
    CliRun r = kbuild({"image", "kernel.elf", "-o", "os.img"});
    EXPECT_EQ(r.status, 0) << r.all();
    last_message_ = r.err;
    return slurp(dir_ / "os.img");
  }

  // The ESP (GPT partition `number`) checked by sgdisk, fsck.vfat and mtools; returns its FAT
  // type's bits (12, 16 or 32).
  // `loader` is the EFI application expected at \EFI\BOOT\<loader_name>.EFI.
  int check_esp(const std::string& img, int number, const std::vector<uint8_t>& elf,
                std::span<const uint8_t> loader = bootloader_uefi_x64(), const std::string& loader_name = "BOOTX64") {
    fs::path path = dir_ / "os.img";
    Tool verify = tool({"sgdisk", "-v", path.string()});
    EXPECT_EQ(verify.status, 0) << verify.out;
    EXPECT_NE(verify.out.find("No problems found"), std::string::npos) << verify.out;
    Tool info = tool({"sgdisk", "-i", std::to_string(number), path.string()});
    EXPECT_NE(info.out.find("C12A7328-F81F-11D2-BA4B-00A0C93EC93B (EFI system partition)"), std::string::npos)
        << info.out;
    uint64_t first = sgdisk_number(info.out, "First sector"), last = sgdisk_number(info.out, "Last sector");
    EXPECT_EQ(first, uint64_t(KBUILD_ESP_LBA));
    EXPECT_LE(last, img.size() / 512 - 34) << "the ESP ends by the last usable sector";
    EXPECT_GT(last, img.size() / 512 - 34 - 2048) << "and uses the whole MiB up to it";
    EXPECT_EQ((last + 1) % 2048, 0u) << "on a MiB boundary";
    EXPECT_EQ(verify.out.find("Caution"), std::string::npos) << verify.out;

    // fsck.vfat on the partition's bytes.
    fs::path esp = dir_ / "esp.img";
    write("esp.img", img.substr(first * 512, (last + 1 - first) * 512));
    Tool fsck = tool({"fsck.vfat", "-n", "-v", esp.string()});
    EXPECT_EQ(fsck.status, 0) << fsck.out;
    for (const char* complaint : {"differences", "Dirty", "Warning", "Free cluster summary", "wrong", "Reclaim"})
      EXPECT_EQ(fsck.out.find(complaint), std::string::npos) << complaint << "\n" << fsck.out;
    std::smatch bits;
    EXPECT_TRUE(std::regex_search(fsck.out, bits, std::regex("2 FATs, ([0-9]+) bit entries"))) << fsck.out;

    // mdir lists the files with their sizes; mcopy gives back their bytes.
    std::string at = path.string() + "@@" + std::to_string(first * 512);
    PackedKernel packed;
    std::string err;
    EXPECT_TRUE(pack_kernel(elf, &packed, &err)) << err;
    Tool boot_dir = tool({"mdir", "-i", at, "::/EFI/BOOT"});
    EXPECT_EQ(boot_dir.status, 0) << boot_dir.out;
    EXPECT_TRUE(std::regex_search(boot_dir.out, std::regex(loader_name + " +EFI +(" + std::to_string(loader.size()) + "|" + grouped(loader.size()) + ") ")))
        << boot_dir.out;
    Tool kbuild_dir = tool({"mdir", "-i", at, "::/KBUILD"});
    EXPECT_EQ(kbuild_dir.status, 0) << kbuild_dir.out;
    EXPECT_TRUE(std::regex_search(kbuild_dir.out, std::regex("MANIFEST +BIN +512 "))) << kbuild_dir.out;
    std::string kernel_size = std::to_string(packed.size);
    EXPECT_TRUE(std::regex_search(kbuild_dir.out, std::regex("KERNEL +ELF +(" + kernel_size + "|" + grouped(packed.size) + ") ")))
        << kbuild_dir.out << " want " << kernel_size;

    auto copy_out = [&](const std::string& file) {
      fs::path to = dir_ / "copied";
      fs::remove(to);
      Tool t = tool({"mcopy", "-n", "-i", at, "::" + file, to.string()});
      EXPECT_EQ(t.status, 0) << file << ": " << t.out;
      return slurp(to);
    };
    EXPECT_EQ(copy_out("/EFI/BOOT/" + loader_name + ".EFI"), std::string(loader.begin(), loader.end()));
    std::string manifest_file = copy_out("/KBUILD/MANIFEST.BIN");
    kbuild_boot_manifest m{};
    EXPECT_EQ(manifest_file.size(), sizeof(m));
    std::memcpy(&m, manifest_file.data(), std::min(manifest_file.size(), sizeof(m)));
    EXPECT_EQ(m.magic, KBUILD_MANIFEST_MAGIC);
    EXPECT_EQ(m.kernel_bytes, packed.size);
    // KERNEL.ELF is the packed kernel, and kernel_lba is the disk sector of its first byte.
    std::string kernel_file = copy_out("/KBUILD/KERNEL.ELF");
    EXPECT_EQ(kernel_file.size(), packed.size);
    EXPECT_TRUE(kernel_file == img.substr(m.kernel_lba * 512, m.kernel_bytes)) << "kernel_lba " << m.kernel_lba;
    EXPECT_EQ(m.kernel_lba % 8, 0u) << "the kernel's pages line up with 4 KiB blocks";
    EXPECT_EQ(kernel_file.compare(0, packed.headers.size(),
                                  std::string(packed.headers.begin(), packed.headers.end())), 0);
    for (const PackedSegment& s : packed.segments) {
      EXPECT_EQ(kernel_file.compare(s.packed_offset, s.size,
                                    std::string(elf.begin() + s.source_offset, elf.begin() + s.source_offset + s.size)),
                0);
    }
    manifest_ = m;
    manifest_bytes_ = manifest_file;
    return bits.empty() ? 0 : std::stoi(bits[1]);
  }

  std::string last_message_;
  kbuild_boot_manifest manifest_{};
  std::string manifest_bytes_;
};

TEST_F(ImageHybrid, HybridIsTheDefaultAndPassesTheTools) {
  std::vector<uint8_t> elf = kernel_of(20000);
  std::string img = image(elf, "");
  EXPECT_NE(last_message_.find("boots on BIOS and UEFI"), std::string::npos) << last_message_;
  EXPECT_EQ(img.size() % (1 << 20), 0u);
  EXPECT_EQ(check_esp(img, 2, elf), 12);

  // The protective MBR: stage 1's code, one 0xEE record from LBA 1, not active.
  std::span<const uint8_t> stage1 = bootloader_stage1();
  EXPECT_EQ(img.compare(0, 440, std::string(stage1.begin(), stage1.begin() + 440)), 0);
  EXPECT_EQ(uint8_t(img[446]), 0x00);
  EXPECT_EQ(uint8_t(img[446 + 4]), 0xEE);
  uint32_t start, size;
  std::memcpy(&start, &img[446 + 8], 4);
  std::memcpy(&size, &img[446 + 12], 4);
  EXPECT_EQ(start, 1u);
  EXPECT_EQ(size, img.size() / 512 - 1);
  EXPECT_EQ(img.substr(462, 48), std::string(48, '\0')) << "one record only";
  EXPECT_EQ(img.substr(510, 2), "\x55\xaa");

  // The BIOS boot partition holds the manifest (the same bytes as MANIFEST.BIN) and stage 2.
  Tool info = tool({"sgdisk", "-i", "1", (dir_ / "os.img").string()});
  EXPECT_NE(info.out.find("21686148-6449-6E6F-744E-656564454649 (BIOS boot partition)"), std::string::npos) << info.out;
  EXPECT_EQ(sgdisk_number(info.out, "First sector"), 34u);
  EXPECT_EQ(sgdisk_number(info.out, "Last sector"), 2047u);
  EXPECT_EQ(img.substr(KBUILD_MANIFEST_LBA * 512, 512), manifest_bytes_);
  std::span<const uint8_t> stage2 = bootloader_stage2();
  EXPECT_EQ(manifest_.stage2_lba, uint64_t(KBUILD_STAGE2_LBA));
  EXPECT_EQ(manifest_.stage2_sectors, (stage2.size() + 511) / 512);
  EXPECT_EQ(img.compare(KBUILD_STAGE2_LBA * 512, stage2.size(), std::string(stage2.begin(), stage2.end())), 0);
}

TEST_F(ImageHybrid, MediumKernelGetsFat16AndLargeFat32) {
  std::vector<uint8_t> medium = kernel_of(4 << 20);
  EXPECT_EQ(check_esp(image(medium, "boot = \"hybrid\""), 2, medium), 16);
  std::vector<uint8_t> large = kernel_of(40 << 20);
  EXPECT_EQ(check_esp(image(large, "boot = \"hybrid\""), 2, large), 32);
}

TEST_F(ImageHybrid, UefiIsTheEspAlone) {
  std::vector<uint8_t> elf = kernel_of(20000);
  std::string img = image(elf, "boot = \"uefi\"");
  EXPECT_NE(last_message_.find("boots on UEFI)"), std::string::npos) << last_message_;
  EXPECT_EQ(check_esp(img, 1, elf), 12);
  Tool print = tool({"sgdisk", "-p", (dir_ / "os.img").string()});
  EXPECT_EQ(print.out.find("EF02"), std::string::npos) << print.out;
  Tool second = tool({"sgdisk", "-i", "2", (dir_ / "os.img").string()});
  EXPECT_NE(second.out.find("does not exist"), std::string::npos) << second.out;
  // No stage 1: only a few bytes that say, to a BIOS, that the disk is for UEFI.
  EXPECT_NE(img.substr(0, 440).find("this disk boots on UEFI only"), std::string::npos);
  std::span<const uint8_t> stage1 = bootloader_stage1();
  EXPECT_NE(img.compare(0, 16, std::string(stage1.begin(), stage1.begin() + 16)), 0);
  EXPECT_EQ(uint8_t(img[446 + 4]), 0xEE);
  EXPECT_EQ(img.substr(34 * 512, (2048 - 34) * 512), std::string((2048 - 34) * 512, '\0')) << "no BIOS stages";
  EXPECT_EQ(manifest_.stage2_sectors, 0u);
}

// aarch64: the "uefi" disk (no BIOS stages on arm64) with the manifest at LBA 34 for the direct
// loader, and BOOTAA64.EFI where AAVMF looks for it; no BOOTX64.EFI.
TEST_F(ImageHybrid, Aarch64EspCarriesBootaa64) {
  std::vector<uint8_t> elf = kernel_of(20000, 1, 183);
  std::string img = image(elf, "arch = \"aarch64\"");
  EXPECT_NE(last_message_.find("boots on QEMU virt (direct) and UEFI"), std::string::npos) << last_message_;
  EXPECT_EQ(check_esp(img, 1, elf, bootloader_uefi_aa64(), "BOOTAA64"), 12);
  Tool boot_dir = tool({"mdir", "-i", (dir_ / "os.img").string() + "@@" + std::to_string(KBUILD_ESP_LBA * 512), "::/EFI/BOOT"});
  EXPECT_EQ(boot_dir.out.find("BOOTX64"), std::string::npos) << boot_dir.out;
  // The loader is an arm64 PE32+ image: "MZ", then IMAGE_FILE_MACHINE_ARM64 (0xaa64) after "PE\0\0".
  std::span<const uint8_t> loader = bootloader_uefi_aa64();
  ASSERT_GT(loader.size(), 0x200u);
  EXPECT_EQ(loader[0], 'M');
  uint32_t pe = loader[0x3c] | loader[0x3d] << 8;
  ASSERT_LT(pe + 6, loader.size());
  EXPECT_EQ(std::memcmp(&loader[pe], "PE\0\0", 4), 0);
  EXPECT_EQ(loader[pe + 4] | loader[pe + 5] << 8, 0xaa64);
  kbuild_boot_manifest at34{};
  std::memcpy(&at34, img.data() + KBUILD_MANIFEST_LBA * 512, sizeof at34);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(&at34), sizeof at34), manifest_bytes_);
}

// riscv64: the same "uefi" disk, with BOOTRISCV64.EFI (a VFAT long name; its 8.3 alias is
// BOOTRI~1.EFI) where U-Boot's distro boot looks for it.
TEST_F(ImageHybrid, Riscv64EspCarriesBootriscv64UnderItsLongName) {
  std::vector<uint8_t> elf = kernel_of(20000, 1, 243);
  std::string img = image(elf, "arch = \"riscv64\"");
  EXPECT_NE(last_message_.find("boots on QEMU virt (direct) and UEFI"), std::string::npos) << last_message_;
  EXPECT_EQ(check_esp(img, 1, elf, bootloader_uefi_riscv64(), "BOOTRI~1"), 12);
  std::string at = (dir_ / "os.img").string() + "@@" + std::to_string(KBUILD_ESP_LBA * 512);
  Tool boot_dir = tool({"mdir", "-i", at, "::/EFI/BOOT"});
  EXPECT_NE(boot_dir.out.find(" BOOTRISCV64.EFI"), std::string::npos) << boot_dir.out;
  EXPECT_EQ(boot_dir.out.find("BOOTX64"), std::string::npos) << boot_dir.out;
  fs::path copy = dir_ / "long.efi";
  Tool by_long_name = tool({"mcopy", "-n", "-i", at, "::/EFI/BOOT/BOOTRISCV64.EFI", copy.string()});
  EXPECT_EQ(by_long_name.status, 0) << by_long_name.out;
  std::span<const uint8_t> loader = bootloader_uefi_riscv64();
  EXPECT_EQ(slurp(copy), std::string(loader.begin(), loader.end()));
  // A PE32+ for IMAGE_FILE_MACHINE_RISCV64 (0x5064).
  ASSERT_GT(loader.size(), 0x200u);
  uint32_t pe = loader[0x3c] | loader[0x3d] << 8;
  ASSERT_LT(pe + 6, loader.size());
  EXPECT_EQ(std::memcmp(&loader[pe], "PE\0\0", 4), 0);
  EXPECT_EQ(loader[pe + 4] | loader[pe + 5] << 8, 0x5064);
}

TEST_F(ImageHybrid, BiosKeepsTheMbrLayout) {
  std::string img = image(kernel_of(20000), "boot = \"bios\"");
  EXPECT_NE(last_message_.find("boots on BIOS)"), std::string::npos) << last_message_;
  EXPECT_EQ(uint8_t(img[446]), 0x80);
  EXPECT_EQ(uint8_t(img[446 + 4]), 0xDA);
  EXPECT_EQ(img.substr(512, 33 * 512), std::string(33 * 512, '\0')) << "no GPT";
  kbuild_boot_manifest m;
  std::memcpy(&m, &img[KBUILD_MANIFEST_LBA * 512], sizeof(m));
  EXPECT_EQ(m.kernel_lba, uint64_t(KBUILD_KERNEL_MIN_LBA));
  EXPECT_EQ(img.size(), 2u << 20);
}

TEST_F(ImageHybrid, BootFlagMarksTheProtectiveRecordActive) {
  std::vector<uint8_t> elf = kernel_of(20000);
  std::string img = image(elf, "mbr-boot-flag = true");
  EXPECT_EQ(uint8_t(img[446]), 0x80);
  EXPECT_EQ(check_esp(img, 2, elf), 12);
}

TEST_F(ImageHybrid, SameInputsGiveTheSameImage) {
  std::string first = image(kernel_of(20000), "");
  fs::remove(dir_ / "os.img");
  std::string again = image(kernel_of(20000), "");
  EXPECT_TRUE(first == again) << "identical bytes, GUIDs included";
  // The identities come from the kernel's headers and the settings (hashing every byte of a
  // large kernel would cost more than writing it).
  std::string other = image(kernel_of(24000), "");
  EXPECT_EQ(other.size(), first.size());
  EXPECT_NE(other.substr(512, 512), first.substr(512, 512)) << "another kernel, another disk GUID";
  std::string settings = image(kernel_of(20000), "mbr-boot-flag = true");
  EXPECT_NE(settings.substr(512, 512), first.substr(512, 512)) << "other settings, another disk GUID";
}

// The image depends on [target] boot: changing it rewrites the image on the next build.
TEST_F(CliTest, ChangingTheBootModeRewritesTheImage) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  CliRun first = kbuild({"build"}, dir_ / "k");
  ASSERT_EQ(first.status, 0) << first.all();
  EXPECT_NE(first.err.find("boots on BIOS and UEFI"), std::string::npos) << first.err;
  std::string toml = read("k/kernel.toml");
  size_t at = toml.find("boot = \"hybrid\"");
  ASSERT_NE(at, std::string::npos) << toml;
  write("k/kernel.toml", toml.substr(0, at) + "boot = \"bios\"" + toml.substr(toml.find('\n', at)));
  CliRun second = kbuild({"build"}, dir_ / "k");
  ASSERT_EQ(second.status, 0) << second.all();
  EXPECT_NE(second.err.find("Imaged build/dev/k.img"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("boots on BIOS)"), std::string::npos) << second.err;
  EXPECT_EQ(read("k/build/dev/k.img").substr(446 + 4, 1), "\xda") << "the BIOS layout";
  CliRun third = kbuild({"build"}, dir_ / "k");
  EXPECT_EQ(third.err.find("Imaged"), std::string::npos) << "nothing changed: " << third.err;
}

}  // namespace
}  // namespace kbuild::test
