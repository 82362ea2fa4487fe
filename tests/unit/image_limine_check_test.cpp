// What kbuild's loader cannot give a Limine-protocol kernel is refused when the image is
// written: one line saying what and why.
#include <gtest/gtest.h>

#include "image/limine_check.h"

#include <cstring>

#include "elf_builder.h"

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

// A higher-half kernel whose data segment holds `words` (the requests area).
std::vector<uint8_t> kernel_with_words(const std::vector<uint64_t>& words) {
  std::vector<uint8_t> data(words.size() * 8);
  std::memcpy(data.data(), words.data(), data.size());
  testing::ElfBuilder b;
  b.ehdr.e_entry = kHigherHalf;
  b.load(elf::PF_R | elf::PF_X, kHigherHalf, testing::filled(64));
  b.load(elf::PF_R | elf::PF_W, kHigherHalf + 0x1000, data);
  return b.build();
}

constexpr uint64_t kCommon0 = 0xc7b1dd30df4c8b88ULL, kCommon1 = 0x0a82e883a194f07bULL;
const std::vector<uint64_t> kStart = {0xf6b8f4b39de7d1aeULL, 0xfab91a6940fcb9cfULL,
                                      0x785c6ed015d3e316ULL, 0x181e920a7852b9d9ULL};
const std::vector<uint64_t> kEnd = {0xadc0e0531bb10d03ULL, 0x9572709f31764c62ULL};
const std::vector<uint64_t> kHhdmRequest = {kCommon0, kCommon1, 0x48dcf1cb8ad2b852ULL,
                                            0x63984e959a98244bULL, 0, 0};

std::vector<uint64_t> concat(std::initializer_list<std::vector<uint64_t>> parts) {
  std::vector<uint64_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

bool requests_ok(const std::vector<uint8_t>& bytes, std::string* err) {
  KernelElf kernel;
  EXPECT_TRUE(validate_kernel_elf(bytes, &kernel, err)) << *err;
  return check_limine_requests(bytes, kernel, err);
}

TEST(LimineCheck, RefusesTwoRequestsWithOneId) {
  std::string err;
  EXPECT_TRUE(requests_ok(kernel_with_words(concat({kStart, kHhdmRequest, kEnd})), &err)) << err;
  EXPECT_FALSE(requests_ok(kernel_with_words(concat({kStart, kHhdmRequest, kHhdmRequest, kEnd})), &err));
  EXPECT_NE(err.find("two Limine requests with the id 0x48dcf1cb8ad2b852"), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), std::string::npos);
  // Past the end marker the loader does not look, so neither does the check.
  EXPECT_TRUE(requests_ok(kernel_with_words(concat({kStart, kHhdmRequest, kEnd, kHhdmRequest})), &err))
      << err;
  // Without markers the whole image is searched.
  EXPECT_FALSE(requests_ok(kernel_with_words(concat({kHhdmRequest, kHhdmRequest})), &err));
}

TEST(LimineCheck, RefusesAPagingModeRequestThatNeeds5Levels) {
  auto paging = [](uint64_t revision, uint64_t mode, uint64_t max_mode, uint64_t min_mode) {
    return std::vector<uint64_t>{kCommon0, kCommon1, 0x95c1a0edab0944cbULL, 0xa4e5cb3842f7488aULL,
                                 revision, 0, mode, max_mode, min_mode};
  };
  std::string err;
  EXPECT_TRUE(requests_ok(kernel_with_words(concat({kStart, paging(1, 1, 1, 0), kEnd})), &err)) << err;
  // Revision 0 has no minimum: 5-level preferred, 4-level given.
  EXPECT_TRUE(requests_ok(kernel_with_words(concat({kStart, paging(0, 1, 0, 0), kEnd})), &err)) << err;
  EXPECT_FALSE(requests_ok(kernel_with_words(concat({kStart, paging(1, 1, 1, 1), kEnd})), &err));
  EXPECT_NE(err.find("needs 5-level paging"), std::string::npos) << err;
}

}  // namespace
}  // namespace kbuild
