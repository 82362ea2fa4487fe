#include "config/config_values.h"
#include "config/suggest.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

TEST(ConfigValues, KernelNames) {
  EXPECT_TRUE(is_valid_kernel_name("hello"));
  EXPECT_TRUE(is_valid_kernel_name("_os-2"));
  EXPECT_FALSE(is_valid_kernel_name(""));
  EXPECT_FALSE(is_valid_kernel_name("2os"));
  EXPECT_FALSE(is_valid_kernel_name("-os"));
  EXPECT_FALSE(is_valid_kernel_name("my os"));
  EXPECT_FALSE(is_valid_kernel_name("os.x"));
}

TEST(ConfigValues, Versions) {
  EXPECT_TRUE(is_valid_version("0.1.0"));
  EXPECT_TRUE(is_valid_version("10.20.30-rc.1+build-5"));
  EXPECT_TRUE(is_valid_version("1.0.0+abc"));
  EXPECT_FALSE(is_valid_version("1.0"));
  EXPECT_FALSE(is_valid_version("1.0.0.0"));
  EXPECT_FALSE(is_valid_version("v1.0.0"));
  EXPECT_FALSE(is_valid_version("1..0"));
  EXPECT_FALSE(is_valid_version("1.0.0-"));
  EXPECT_FALSE(is_valid_version("1.0.0-a..b"));
}

TEST(ConfigValues, Defines) {
  EXPECT_TRUE(is_valid_define("FOO"));
  EXPECT_TRUE(is_valid_define("BAR=1"));
  EXPECT_TRUE(is_valid_define("_X=a=b"));
  EXPECT_TRUE(is_valid_define("EMPTY="));
  EXPECT_FALSE(is_valid_define("1X"));
  EXPECT_FALSE(is_valid_define("=1"));
  EXPECT_FALSE(is_valid_define("A-B"));
}

TEST(ConfigValues, ByteSizes) {
  uint64_t size = 0;
  EXPECT_TRUE(parse_byte_size("65536", &size));
  EXPECT_EQ(size, 65536u);
  EXPECT_TRUE(parse_byte_size("128K", &size));
  EXPECT_EQ(size, 128u * 1024);
  EXPECT_TRUE(parse_byte_size("128kib", &size));
  EXPECT_EQ(size, 128u * 1024);
  EXPECT_TRUE(parse_byte_size("2M", &size));
  EXPECT_EQ(size, 2u << 20);
  EXPECT_TRUE(parse_byte_size("1G", &size));
  EXPECT_EQ(size, 1u << 30);
  EXPECT_FALSE(parse_byte_size("", &size));
  EXPECT_FALSE(parse_byte_size("K", &size));
  EXPECT_FALSE(parse_byte_size("12Q", &size));
  EXPECT_FALSE(parse_byte_size("1.5M", &size));
  EXPECT_FALSE(parse_byte_size("99999999999999999999", &size));
  EXPECT_FALSE(parse_byte_size("17179869184G", &size));  // 2^34 GiB overflows 64 bits
}

TEST(ConfigValues, Unsigned64) {
  uint64_t value = 0;
  EXPECT_TRUE(parse_u64("0xffff800000000000", &value));
  EXPECT_EQ(value, 0xffff800000000000u);
  EXPECT_TRUE(parse_u64("0xFFFF_8000_0000_0000", &value));
  EXPECT_EQ(value, 0xffff800000000000u);
  EXPECT_TRUE(parse_u64("18446744073709551615", &value));
  EXPECT_EQ(value, UINT64_MAX);
  EXPECT_FALSE(parse_u64("18446744073709551616", &value));
  EXPECT_FALSE(parse_u64("0x1_0000_0000_0000_0000", &value));
  EXPECT_FALSE(parse_u64("0x", &value));
  EXPECT_FALSE(parse_u64("0xg", &value));
  EXPECT_FALSE(parse_u64("12a", &value));
  EXPECT_FALSE(parse_u64("1__2", &value));
  EXPECT_FALSE(parse_u64("-1", &value));
}

TEST(ConfigValues, MemorySizes) {
  EXPECT_TRUE(is_valid_memory_size("256M"));
  EXPECT_TRUE(is_valid_memory_size("1G"));
  EXPECT_TRUE(is_valid_memory_size("512"));
  EXPECT_FALSE(is_valid_memory_size("M"));
  EXPECT_FALSE(is_valid_memory_size("256MB"));
  EXPECT_FALSE(is_valid_memory_size("lots"));
}

TEST(Suggest, EditDistanceCountsSwapsAsOne) {
  EXPECT_EQ(edit_distance("sources", "sources"), 0u);
  EXPECT_EQ(edit_distance("soruces", "sources"), 1u);
  EXPECT_EQ(edit_distance("kernl", "kernel"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, ClosestMatchOnlyWhenClose) {
  const std::string_view keys[] = {"name", "version", "sources", "include-dirs"};
  EXPECT_EQ(closest_match("soruces", keys), "sources");
  EXPECT_EQ(closest_match("nmae", keys), "name");
  EXPECT_EQ(closest_match("include_dirs", keys), "include-dirs");
  EXPECT_EQ(closest_match("xyz", keys), "");
  EXPECT_EQ(closest_match("compiler", keys), "");
}

}  // namespace
}  // namespace kbuild
