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
  return check_limine_requests(bytes, kernel, 2, err);
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

// A revision-0 kernel of older Limine times: its data segment is `data`, and a .limine_reqs
// section covers `list_bytes` bytes of it from `list_at`.
std::vector<uint8_t> kernel_with_list(const std::vector<uint8_t>& data, uint64_t list_at, uint64_t list_bytes) {
  testing::ElfBuilder b;
  b.ehdr.e_entry = kHigherHalf;
  b.load(elf::PF_R | elf::PF_X, kHigherHalf, testing::filled(64));
  b.load(elf::PF_R | elf::PF_W, kHigherHalf + 0x1000, data);
  std::vector<uint8_t> bytes = b.build();
  elf::Elf64_Ehdr eh;
  elf::Elf64_Phdr data_ph;
  EXPECT_TRUE(elf::read_struct(std::span<const uint8_t>(bytes), 0, &eh));
  EXPECT_TRUE(elf::read_struct(std::span<const uint8_t>(bytes), eh.e_phoff + sizeof(data_ph), &data_ph));
  const char names[] = "\0.limine_reqs\0.shstrtab";
  uint64_t names_at = bytes.size();
  bytes.insert(bytes.end(), names, names + sizeof(names));
  while (bytes.size() % 8) bytes.push_back(0);
  std::vector<elf::Elf64_Shdr> sh(3);
  sh[1] = {1, 1 /* SHT_PROGBITS */, 3 /* SHF_WRITE | SHF_ALLOC */, data_ph.p_vaddr + list_at,
           data_ph.p_offset + list_at, list_bytes, 0, 0, 8, 0};
  sh[2] = {14, elf::SHT_STRTAB, 0, 0, names_at, sizeof(names), 0, 0, 1, 0};
  eh.e_shoff = bytes.size();
  eh.e_shentsize = sizeof(elf::Elf64_Shdr);
  eh.e_shnum = 3;
  eh.e_shstrndx = 2;
  bytes.resize(bytes.size() + sh.size() * sizeof(elf::Elf64_Shdr));
  std::memcpy(bytes.data() + eh.e_shoff, sh.data(), sh.size() * sizeof(elf::Elf64_Shdr));
  elf::write_struct(std::span<uint8_t>(bytes), 0, eh);
  return bytes;
}

void put_words(std::vector<uint8_t>* data, uint64_t at, const std::vector<uint64_t>& words) {
  if (data->size() < at + words.size() * 8) data->resize(at + words.size() * 8);
  std::memcpy(data->data() + at, words.data(), words.size() * 8);
}

bool list_ok(const std::vector<uint8_t>& bytes, uint64_t revision, std::string* err) {
  KernelElf kernel;
  EXPECT_TRUE(validate_kernel_elf(bytes, &kernel, err)) << *err;
  return check_limine_requests(bytes, kernel, revision, err);
}

constexpr uint64_t kData = kHigherHalf + 0x1000;

TEST(LimineRequestList, FoundByNameWithItsAddress) {
  std::vector<uint8_t> data;
  put_words(&data, 0, {kData + 28, 0});
  put_words(&data, 28, kHhdmRequest);  // 4 bytes past an 8-byte boundary: no scan finds it
  std::vector<uint8_t> bytes = kernel_with_list(data, 0, 16);
  std::optional<LimineRequestList> list = find_limine_request_list(bytes);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->address, kData);
  EXPECT_EQ(list->size, 16u);
  EXPECT_TRUE(list->loaded);
  EXPECT_TRUE(honoured_limine_request_list(bytes, 0));
  EXPECT_FALSE(honoured_limine_request_list(bytes, 1));  // deprecated from revision 1 on
  EXPECT_FALSE(find_limine_request_list(kernel_with_words(kHhdmRequest)));
  std::string err;
  EXPECT_TRUE(list_ok(bytes, 0, &err)) << err;
}

TEST(LimineRequestList, ListedRequestsAreCheckedAsScannedOnesAre) {
  std::vector<uint8_t> data;
  put_words(&data, 0, {kData + 32, kData + 84, 0});
  put_words(&data, 32, kHhdmRequest);
  put_words(&data, 84, kHhdmRequest);
  std::string err;
  EXPECT_FALSE(list_ok(kernel_with_list(data, 0, 24), 0, &err));
  EXPECT_NE(err.find("two Limine requests with the id 0x48dcf1cb8ad2b852"), std::string::npos) << err;
  // Listing one of the two: only the list counts, so the other is no request of the kernel's.
  put_words(&data, 8, {0});
  EXPECT_TRUE(list_ok(kernel_with_list(data, 0, 24), 0, &err)) << err;
}

TEST(LimineRequestList, AnEntryThatIsNoRequestOrAMissingEndIsRefusedInOneLine) {
  std::vector<uint8_t> data;
  put_words(&data, 0, {kData + 32, kData + 40, 0});
  put_words(&data, 32, kHhdmRequest);
  std::string err;
  EXPECT_FALSE(list_ok(kernel_with_list(data, 0, 24), 0, &err));
  EXPECT_NE(err.find("entry 1 of the kernel's .limine_reqs section is 0xffffffff80001028, which is not the "
                     "address of a Limine request"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find('\n'), std::string::npos);
  put_words(&data, 0, {0x1000, 0});  // outside the kernel
  EXPECT_FALSE(list_ok(kernel_with_list(data, 0, 16), 0, &err));
  EXPECT_NE(err.find("entry 0"), std::string::npos) << err;
  put_words(&data, 0, {kData + 32, kData + 32});
  EXPECT_FALSE(list_ok(kernel_with_list(data, 0, 16), 0, &err));
  EXPECT_NE(err.find("no NULL entry"), std::string::npos) << err;
  // Base revision 1 and later scan: the section is not read.
  EXPECT_TRUE(list_ok(kernel_with_list(data, 0, 16), 1, &err)) << err;
}

TEST(LimineRequestList, MakesTheKernelALimineOne) {
  std::vector<uint8_t> data;
  put_words(&data, 0, {kData + 28, 0});
  put_words(&data, 28, kHhdmRequest);
  std::vector<uint8_t> bytes = kernel_with_list(data, 0, 16);
  ProtocolInfo info;
  std::string err;
  ASSERT_TRUE(detect_boot_protocol(bytes, BootProtocol::automatic, &info, &err)) << err;
  EXPECT_EQ(info.protocol, BootProtocol::limine);
  EXPECT_EQ(info.limine_revision, 0u);
}

}  // namespace
}  // namespace kbuild
