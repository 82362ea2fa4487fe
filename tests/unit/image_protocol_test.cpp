// Which boot protocol a kernel speaks (image/boot_protocol.h), found from its bytes, and the
// [bootloader] protocol key that overrides the search.
#include "image/boot_protocol.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "boot_manifest.h"
#include "config/config_reader.h"
#include "elf_builder.h"
#include "image/image_writer.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

using testing::ElfBuilder;
using testing::filled;

void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }
void put64(std::vector<uint8_t>& b, size_t at, uint64_t v) { std::memcpy(b.data() + at, &v, 8); }

// A Multiboot2 header (magic, architecture 0, length 24, checksum, then an end tag) at `at`.
void multiboot2_header(std::vector<uint8_t>& b, size_t at, uint32_t checksum_error = 0) {
  put32(b, at, 0xE85250D6);
  put32(b, at + 4, 0);
  put32(b, at + 8, 24);
  put32(b, at + 12, static_cast<uint32_t>(-(0xE85250D6u + 0u + 24u)) + checksum_error);
  put32(b, at + 16, 0);  // end tag: type 0, flags 0
  put32(b, at + 20, 8);  // size 8
}

void multiboot1_header(std::vector<uint8_t>& b, size_t at) {
  put32(b, at, 0x1BADB002);
  put32(b, at + 4, 3);
  put32(b, at + 8, static_cast<uint32_t>(-(0x1BADB002u + 3u)));
}

// A kernel whose first segment's bytes are `text` and whose writable one's are `data`.
std::vector<uint8_t> kernel_with(std::vector<uint8_t> text, std::vector<uint8_t> data,
                                 uint32_t data_flags = elf::PF_R | elf::PF_W) {
  ElfBuilder b;
  b.ehdr.e_entry = 0x200000;
  b.load(elf::PF_R | elf::PF_X, 0x200000, std::move(text));
  b.load(data_flags, 0x400000, std::move(data));
  return b.build();
}

ProtocolInfo detect(std::span<const uint8_t> bytes, BootProtocol requested = BootProtocol::automatic) {
  ProtocolInfo info;
  std::string err;
  EXPECT_TRUE(detect_boot_protocol(bytes, requested, &info, &err)) << err;
  return info;
}

std::string detect_error(std::span<const uint8_t> bytes, BootProtocol requested = BootProtocol::automatic) {
  ProtocolInfo info;
  std::string err;
  EXPECT_FALSE(detect_boot_protocol(bytes, requested, &info, &err));
  return err;
}

TEST(BootProtocol, AKernelWithoutMarksSpeaksKbuilds) {
  auto bytes = kernel_with(filled(4096), filled(64, 0));
  ProtocolInfo info = detect(bytes);
  EXPECT_EQ(info.protocol, BootProtocol::kbuild);
  EXPECT_EQ(describe_protocol(info), "kbuild protocol");
}

TEST(BootProtocol, FindsAMultiboot2HeaderAndItsOffset) {
  auto bytes = kernel_with(filled(4096), filled(64, 0));
  multiboot2_header(bytes, 0x400);
  ProtocolInfo info = detect(bytes);
  EXPECT_EQ(info.protocol, BootProtocol::multiboot2);
  EXPECT_EQ(info.header_offset, 0x400u);
  EXPECT_EQ(describe_protocol(info), "Multiboot2");
  EXPECT_EQ(manifest_protocol(info.protocol), uint32_t{KBUILD_PROTOCOL_MULTIBOOT2});
}

TEST(BootProtocol, IgnoresAMultiboot2MagicWithABadChecksumOrAlignmentOrPast32KiB) {
  auto bad_sum = kernel_with(filled(4096), filled(64, 0));
  multiboot2_header(bad_sum, 0x400, 1);
  EXPECT_EQ(detect(bad_sum).protocol, BootProtocol::kbuild);

  auto unaligned = kernel_with(filled(4096), filled(64, 0));
  multiboot2_header(unaligned, 0x404);
  EXPECT_EQ(detect(unaligned).protocol, BootProtocol::kbuild);

  auto late = kernel_with(filled(40 * 1024), filled(64, 0));
  multiboot2_header(late, 32 * 1024);
  EXPECT_EQ(detect(late).protocol, BootProtocol::kbuild);
}

TEST(BootProtocol, FindsAMultiboot1HeaderInTheFirst8KiBOnly) {
  auto bytes = kernel_with(filled(16 * 1024), filled(64, 0));
  multiboot1_header(bytes, 0x1004);
  ProtocolInfo info = detect(bytes);
  EXPECT_EQ(info.protocol, BootProtocol::multiboot1);
  EXPECT_EQ(info.header_offset, 0x1004u);

  auto late = kernel_with(filled(16 * 1024), filled(64, 0));
  multiboot1_header(late, 8 * 1024);
  EXPECT_EQ(detect(late).protocol, BootProtocol::kbuild);
}

TEST(BootProtocol, FindsALimineBaseRevisionTagInAWritableSegment) {
  std::vector<uint8_t> data(64, 0);
  put64(data, 16, 0xf9562b2d5c95a6c8);
  put64(data, 24, 0x6a7b384944536bdc);
  put64(data, 32, 2);
  auto bytes = kernel_with(filled(4096), data);
  ProtocolInfo info = detect(bytes);
  EXPECT_EQ(info.protocol, BootProtocol::limine);
  EXPECT_EQ(info.limine_revision, 2u);
  EXPECT_EQ(describe_protocol(info), "Limine protocol, base revision 2");

  // The same words in a read-only segment are data, not a tag the loader could answer.
  EXPECT_EQ(detect(kernel_with(filled(4096), data, elf::PF_R)).protocol, BootProtocol::kbuild);
}

TEST(BootProtocol, ALimineRequestWithoutATagIsBaseRevision0) {
  std::vector<uint8_t> data(64, 0);
  put64(data, 8, 0xc7b1dd30df4c8b88);
  put64(data, 16, 0x0a82e883a194f07b);
  ProtocolInfo info = detect(kernel_with(filled(4096), data));
  EXPECT_EQ(info.protocol, BootProtocol::limine);
  EXPECT_EQ(info.limine_revision, 0u);
}

TEST(BootProtocol, SeveralProtocolsAreAnErrorThatNamesThem) {
  std::vector<uint8_t> data(64, 0);
  put64(data, 8, 0xc7b1dd30df4c8b88);
  put64(data, 16, 0x0a82e883a194f07b);
  auto bytes = kernel_with(filled(4096), data);
  multiboot2_header(bytes, 0x200);
  EXPECT_EQ(detect_error(bytes),
            "the kernel carries Limine requests and a Multiboot2 header (offset 0x200); set [bootloader] protocol "
            "in kernel.toml to the one kbuild should use");
  // Naming one settles it.
  EXPECT_EQ(detect(bytes, BootProtocol::multiboot2).protocol, BootProtocol::multiboot2);
  EXPECT_EQ(detect(bytes, BootProtocol::limine).protocol, BootProtocol::limine);
  EXPECT_EQ(detect(bytes, BootProtocol::kbuild).protocol, BootProtocol::kbuild);
}

TEST(BootProtocol, ANamedProtocolMustBeThere) {
  auto bytes = kernel_with(filled(4096), filled(64, 0));
  EXPECT_NE(detect_error(bytes, BootProtocol::multiboot2).find("no valid Multiboot2 header"), std::string::npos);
  EXPECT_NE(detect_error(bytes, BootProtocol::multiboot1).find("no valid Multiboot1 header"), std::string::npos);
  EXPECT_NE(detect_error(bytes, BootProtocol::limine).find("no Limine base-revision tag"), std::string::npos);
}

TEST(BootProtocol, TruncatedAndHostileFilesAreNotReadPastTheirEnd) {
  std::vector<uint8_t> tiny = {0xD6, 0x50, 0x52};
  EXPECT_EQ(detect(tiny).protocol, BootProtocol::kbuild);
  ElfBuilder b;
  testing::TestSegment s;
  s.flags = elf::PF_R | elf::PF_W;
  s.vaddr = 0x400000;
  s.data = filled(16, 0);
  s.filesz = 1ull << 40;  // says it runs far past the file's end
  b.add(s);
  auto bytes = b.build();
  EXPECT_EQ(detect(bytes).protocol, BootProtocol::kbuild);
}

TEST(BootProtocol, TheKeyIsReadFromKernelToml) {
  test::ScratchDir dir;
  Config config;
  std::string err;
  std::ofstream(dir.path() / "kernel.toml") << "[kernel]\nname = \"k\"\n[bootloader]\nprotocol = \"multiboot2\"\n";
  ASSERT_TRUE(read_config(dir.path() / "kernel.toml", &config, &err)) << err;
  EXPECT_EQ(config.bootloader.protocol, BootProtocol::multiboot2);

  Config defaults;
  EXPECT_EQ(defaults.bootloader.protocol, BootProtocol::automatic);

  std::ofstream(dir.path() / "kernel.toml") << "[kernel]\nname = \"k\"\n[bootloader]\nprotocol = \"grub\"\n";
  EXPECT_FALSE(read_config(dir.path() / "kernel.toml", &config, &err));
  EXPECT_EQ(err, (dir.path() / "kernel.toml").string() +
                     ":4:12: protocol \"grub\" is not a boot protocol kbuild knows (expected \"auto\", "
                 "\"kbuild\", \"limine\", \"multiboot2\" or \"multiboot1\")");
}

}  // namespace
}  // namespace kbuild
