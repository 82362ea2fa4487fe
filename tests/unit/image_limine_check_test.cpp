// What kbuild's loader cannot give a Limine-protocol kernel is refused when the image is
// written: one line saying what and why.
#include <gtest/gtest.h>

#include "image/limine_check.h"

namespace kbuild {
namespace {

ProtocolInfo limine(uint64_t revision) {
  ProtocolInfo info;
  info.protocol = BootProtocol::limine;
  info.limine_revision = revision;
  return info;
}

constexpr uint64_t kHigherHalf = 0xffffffff80000000ULL;

TEST(LimineCheck, AcceptsBaseRevisions0To3InTheHigherHalf) {
  std::string err;
  for (uint64_t revision = 0; revision <= 3; ++revision) {
    EXPECT_TRUE(check_limine_kernel(limine(revision), kHigherHalf, &err)) << err;
  }
}

TEST(LimineCheck, RefusesANewerBaseRevisionInOneLine) {
  std::string err;
  EXPECT_FALSE(check_limine_kernel(limine(4), kHigherHalf, &err));
  EXPECT_NE(err.find("asks for Limine base revision 4"), std::string::npos) << err;
  EXPECT_NE(err.find("LIMINE_BASE_REVISION(3)"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), std::string::npos);
}

TEST(LimineCheck, RefusesAKernelBelowTheHigherHalfBase) {
  std::string err;
  EXPECT_FALSE(check_limine_kernel(limine(2), 0x100000, &err));
  EXPECT_NE(err.find("0x100000"), std::string::npos) << err;
  EXPECT_NE(err.find("0xffffffff80000000"), std::string::npos) << err;
  EXPECT_FALSE(check_limine_kernel(limine(2), 0xffff800000000000ULL, &err));
}

}  // namespace
}  // namespace kbuild
