// The kernel runtime's memory and string functions (runtime/src/string.cpp), compiled for the
// host under renamed symbols and checked against the host C library.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#define KBUILD_RT_NAME(name) kbt_##name
#include "../../runtime/src/string.cpp"

namespace {

std::vector<unsigned char> pattern(size_t n, unsigned seed) {
  std::vector<unsigned char> v(n);
  std::mt19937 rng(seed);
  for (auto& b : v) b = static_cast<unsigned char>(rng());
  return v;
}

TEST(RuntimeString, MemcpyAndMemset) {
  for (size_t n : {0u, 1u, 7u, 64u, 4097u}) {
    auto src = pattern(n + 8, 1);
    std::vector<unsigned char> dst(n + 8, 0xee);
    EXPECT_EQ(kbt_memcpy(dst.data() + 3, src.data() + 5, n), dst.data() + 3);
    EXPECT_EQ(std::memcmp(dst.data() + 3, src.data() + 5, n), 0);
    EXPECT_EQ(dst[n + 3], 0xee) << "wrote past the end";
    EXPECT_EQ(kbt_memset(dst.data() + 1, 0x1ab, n), dst.data() + 1);  // only the low byte counts
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(dst[1 + i], 0xab);
    EXPECT_EQ(dst[0], 0xee);
  }
}

TEST(RuntimeString, MemmoveOverlapsBothWays) {
  for (size_t shift : {1u, 3u, 16u}) {
    for (size_t n : {0u, 1u, 5u, 100u}) {
      auto original = pattern(n + shift, unsigned(n + shift));
      // Forward: destination below the source.
      auto a = original, expect = original;
      std::memmove(expect.data(), expect.data() + shift, n);
      EXPECT_EQ(kbt_memmove(a.data(), a.data() + shift, n), a.data());
      EXPECT_EQ(a, expect);
      // Backward: destination above the source.
      a = original, expect = original;
      std::memmove(expect.data() + shift, expect.data(), n);
      kbt_memmove(a.data() + shift, a.data(), n);
      EXPECT_EQ(a, expect);
    }
  }
  // The direction flag must be clear again, or the next string instruction runs backwards.
  char from[4] = "abc", to[4] = {};
  kbt_memcpy(to, from, 4);
  EXPECT_STREQ(to, "abc");
}

int sign(int x) { return (x > 0) - (x < 0); }

TEST(RuntimeString, Comparisons) {
  const unsigned char a[] = {1, 2, 200}, b[] = {1, 2, 3};
  EXPECT_EQ(kbt_memcmp(a, b, 2), 0);
  EXPECT_GT(kbt_memcmp(a, b, 3), 0);  // bytes compare as unsigned
  EXPECT_LT(kbt_memcmp(b, a, 3), 0);
  EXPECT_NE(kbt_bcmp(a, b, 3), 0);
  EXPECT_EQ(kbt_bcmp(a, b, 0), 0);
  for (auto [x, y] : {std::pair{"abc", "abd"}, {"abc", "abc"}, {"ab", "abc"}, {"\xff", "a"}, {"", ""}}) {
    EXPECT_EQ(sign(kbt_strcmp(x, y)), sign(std::strcmp(x, y))) << x << " vs " << y;
    EXPECT_EQ(sign(kbt_strncmp(x, y, 2)), sign(std::strncmp(x, y, 2))) << x << " vs " << y;
  }
}

TEST(RuntimeString, Searching) {
  const char text[] = "kernel\0hidden";
  EXPECT_EQ(kbt_strlen(text), 6u);
  EXPECT_EQ(kbt_strlen(""), 0u);
  EXPECT_EQ(kbt_strnlen(text, 3), 3u);
  EXPECT_EQ(kbt_strnlen(text, 100), 6u);
  EXPECT_EQ(kbt_strchr(text, 'n'), text + 3);
  EXPECT_EQ(kbt_strchr(text, '\0'), text + 6);
  EXPECT_EQ(kbt_strchr(text, 'h'), nullptr);
  EXPECT_EQ(kbt_memchr(text, 'h', sizeof text), text + 7);
  EXPECT_EQ(kbt_memchr(text, 'h', 6), nullptr);
}

}  // namespace
