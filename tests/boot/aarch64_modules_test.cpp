// [bootloader] modules on aarch64's direct boot: the loader reads each module out of the disk
// image in RAM into pages of its own; a kernel checks every byte, the names and command lines,
// and that the memory map marks the pages KBUILD_MEMORY_MODULE.
#include "aarch64_harness.h"

namespace kbuild::boot_test {
namespace {

// Module i's byte at offset n, in the files the test writes and in the kernel's check.
uint8_t module_byte(int i, uint64_t n) { return static_cast<uint8_t>(i == 0 ? n * 7 + 3 : n * 13 + 1); }

constexpr const char* kModulesKernel = R"(#include <kbuild/boot.h>
#include <kbuild/test.h>
#include <stdint.h>

namespace {
const kbuild_boot_info* g_info;
const kbuild_module* modules() { return reinterpret_cast<const kbuild_module*>(g_info->modules); }
uint8_t module_byte(int i, uint64_t n) { return static_cast<uint8_t>(i == 0 ? n * 7 + 3 : n * 13 + 1); }
bool same(uint64_t text, const char* expected) {
  auto* s = reinterpret_cast<const char*>(text);
  for (; *expected; ++s, ++expected)
    if (*s != *expected) return false;
  return *s == 0;
}
uint32_t map_type(uint64_t physical) {
  auto* map = reinterpret_cast<const kbuild_memory_region*>(g_info->memory_map);
  for (uint64_t i = 0; i < g_info->memory_map_entries; ++i)
    if (map[i].base <= physical && physical - map[i].base < map[i].length) return map[i].type;
  return 0;
}
}

KBUILD_TEST(both_modules_are_listed_with_their_names_and_command_lines) {
  KBUILD_ASSERT_EQ(g_info->module_count, 2u);
  KBUILD_ASSERT_EQ(modules()[0].size, 3u * 4096);
  KBUILD_ASSERT_EQ(modules()[1].size, 5000u);
  KBUILD_ASSERT(same(modules()[0].name, "initrd.bin"));
  KBUILD_ASSERT(same(modules()[0].cmdline, "root=/dev/ram0 rw"));
  KBUILD_ASSERT(same(modules()[1].name, "font.psf"));
  KBUILD_ASSERT(same(modules()[1].cmdline, ""));
}

KBUILD_TEST(every_byte_arrives_on_pages_of_its_own_zero_filled) {
  KBUILD_ASSERT_EQ(g_info->module_count, 2u);
  for (int i = 0; i < 2; ++i) {
    const kbuild_module& m = modules()[i];
    KBUILD_ASSERT_EQ(m.address % 4096, 0u);
    auto* bytes = reinterpret_cast<const uint8_t*>(g_info->physical_memory_offset + m.address);
    for (uint64_t n = 0; n < m.size; ++n) KBUILD_ASSERT_EQ(bytes[n], module_byte(i, n));
    for (uint64_t n = m.size; n % 4096 != 0; ++n) KBUILD_ASSERT_EQ(bytes[n], 0u);
  }
}

KBUILD_TEST(the_memory_map_marks_the_modules) {
  KBUILD_ASSERT_EQ(g_info->module_count, 2u);
  for (int i = 0; i < 2; ++i) {
    const kbuild_module& m = modules()[i];
    for (uint64_t at = m.address; at < m.address + m.size; at += 4096)
      KBUILD_ASSERT_EQ(map_type(at), uint32_t(KBUILD_MEMORY_MODULE));
  }
}

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
)";

TEST_F(Aarch64BootTest, ModulesArriveOnTheDirectBoot) {
  project({{"modules", kModulesKernel}},
          "[bootloader]\nmodules = [{ path = \"initrd.bin\", cmdline = \"root=/dev/ram0 rw\" }, "
          "{ path = \"data/font.psf\" }]\n");
  const uint64_t sizes[2] = {3 * 4096, 5000};
  const char* paths[2] = {"initrd.bin", "data/font.psf"};
  for (int i = 0; i < 2; ++i) {
    std::string bytes(sizes[i], '\0');
    for (uint64_t n = 0; n < sizes[i]; ++n) bytes[n] = static_cast<char>(module_byte(i, n));
    std::string err;
    ASSERT_TRUE(write_file_if_changed(dir() / paths[i], bytes, &err)) << err;
  }
  CliRun r = kbuild_test();
  ASSERT_EQ(r.status, 0) << r.all();
  for (const char* name : {"both_modules_are_listed_with_their_names_and_command_lines",
                           "every_byte_arrives_on_pages_of_its_own_zero_filled", "the_memory_map_marks_the_modules"})
    EXPECT_NE(r.out.find(std::string("test modules::") + name + " ... ok"), std::string::npos) << name << "\n" << r.out;
  EXPECT_NE(r.out.find("3 passed, 0 failed"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kbuild::boot_test
