// Priorities 3 and 4: segments, permissions, big data, big .bss, the stack and its guard page.
#include <gtest/gtest.h>

#include "boot/boot_harness.h"

namespace kbuild::boot_test {
namespace {

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0x%llxULL", static_cast<unsigned long long>(v));
  return buf;
}

// A data kernel with `blob_bytes` of random initialised data and `bss_bytes` of .bss.
KernelSpec data_kernel(const std::string& name, uint64_t blob_bytes, uint64_t bss_bytes,
                       bool sampled, const std::string& linker_script = "higher_half.ld") {
  std::filesystem::path blob = work_dir() / name / "blob.bin";
  uint64_t sum = write_random_file(blob, blob_bytes, blob_bytes + bss_bytes);
  KernelSpec spec = {
      name,
      "data.cpp",
      linker_script,
      {"BLOB_PATH=\"" + blob.string() + "\"", "BLOB_SIZE=" + std::to_string(blob_bytes),
       "BLOB_SUM=" + hex(sum), "BSS_SIZE=" + std::to_string(bss_bytes)}};
  if (sampled) spec.defines.push_back("BSS_SAMPLED");
  return spec;
}

BootResult build_and_boot(const KernelSpec& spec, const BootOptions& boot_options = {},
                          const ImageOptions& options = {}) {
  std::filesystem::path image;
  std::string err;
  if (!build_image(spec, options, "test.img", &image, &err)) {
    ADD_FAILURE() << err;
    return {};
  }
  return boot(image, boot_options);
}

TEST(BootMemory, EightMiBOfDataArriveIntactAnd64MiBBssIsZero) {
  BootResult r = build_and_boot(data_kernel("data_8m", 8 << 20, 64 << 20, false));
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("DATA OK\nBSS OK\n"), std::string::npos) << r.serial;
}

// Stage 2 copies out of the BIOS bounce buffer 256 bytes per step and the rest byte by
// byte: data whose size is no multiple of either arrives whole, in the loaded file (higher half)
// and read straight to its home (linked low).
TEST(BootMemory, OddSizedDataArrivesIntactInTheFileAndAtItsHome) {
  const uint64_t blob_bytes = (3 << 20) + 4096 + 200;
  for (const char* script : {"higher_half.ld", "low.ld"}) {
    SCOPED_TRACE(script);
    BootResult r = build_and_boot(
        data_kernel(std::string("data_odd_") + (script[0] == 'l' ? "low" : "high"), blob_bytes,
                    4096, false, script));
    EXPECT_EQ(r.exit_code, kPass) << r.serial;
    EXPECT_NE(r.serial.find("DATA OK\nBSS OK\n"), std::string::npos) << r.serial;
  }
}

TEST(BootMemory, SixSegmentsKeepTheirPermissionsAndReadOnlyWritesFault) {
  BootResult r =
      build_and_boot({"segments_write", "segments.cpp", "segments.ld", {"MODE_WRITE_RO"}});
  EXPECT_EQ(r.exit_code, kFaultCaught) << r.serial;
  EXPECT_NE(r.serial.find("SEGMENTS OK\nFAULT vector=14 error=0x0000000000000003"),
            std::string::npos)
      << r.serial;
}

TEST(BootMemory, DataIsNotExecutable) {
  BootResult r =
      build_and_boot({"segments_exec", "segments.cpp", "segments.ld", {"MODE_EXEC_DATA"}});
  EXPECT_EQ(r.exit_code, kFaultCaught) << r.serial;
  EXPECT_NE(r.serial.find("SEGMENTS OK\nFAULT vector=14 error=0x0000000000000011"),
            std::string::npos)
      << r.serial;
}

TEST(BootMemory, DeepStackWorks) {
  BootResult r = build_and_boot({"stack_deep", "stack.cpp", "higher_half.ld", {}});
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("DEEP STACK OK"), std::string::npos) << r.serial;
}

TEST(BootMemory, StackOverflowHitsTheGuardPage) {
  ImageOptions options;
  options.stack_size = 64 * 1024;
  BootResult r = build_and_boot(
      {"stack_overflow", "stack.cpp", "higher_half.ld", {"MODE_OVERFLOW"}}, {}, options);
  EXPECT_EQ(r.exit_code, kFaultCaught) << r.serial;
  EXPECT_NE(r.serial.find("DEEP STACK OK"), std::string::npos) << r.serial;
  EXPECT_NE(r.serial.find("FAULT vector=14 "), std::string::npos) << r.serial;  // #PF, on IST1
  EXPECT_NE(r.serial.find("GUARD PAGE HIT"), std::string::npos) << r.serial;
}

TEST(BootMemory, SixtyFourMiBKernelFileBoots) {
  BootResult r = build_and_boot(data_kernel("data_64m", 64 << 20, 4096, false));
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("DATA OK\nBSS OK\n"), std::string::npos) << r.serial;
}

TEST(BootMemory, OneGiBBssBootsWith2G) {
  BootResult r =
      build_and_boot(data_kernel("bss_1g", 4096, uint64_t(1) << 30, true), BootOptions("2G", 60));
  EXPECT_EQ(r.exit_code, kPass) << r.serial;
  EXPECT_NE(r.serial.find("BSS OK\n"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
