// `kbuild image` through the real binary: a good ELF becomes an image; every kind of bad ELF is
// rejected with its own one-line message, and an image already at the output path stays as it was.
#include "cli_harness.h"
#include "unit/elf_builder.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

void write_bytes(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::string err;
  AtomicFile f;
  ASSERT_TRUE(f.open(path, &err) && f.write_at(0, bytes, &err) && f.commit(&err)) << err;
}

TEST_F(CliTest, ImageOfAGoodKernelBoots) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "k").status, 0);
  CliRun r = kbuild({"image", "k/build/dev/k.elf", "-o", "os.img"});
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("Imaged"), std::string::npos) << r.err;
  std::string image = read("os.img");
  ASSERT_GE(image.size(), 1u << 20);
  EXPECT_EQ(image.size() % (1 << 20), 0u) << "padded to whole MiB";
  EXPECT_EQ(image.substr(510, 2), "\x55\xaa");
  // The same kernel boots from it (headless run of the image through the runner).
  CliRun boot = kbuild({"runner", "--headless", "--timeout", "120", "k/build/dev/k.elf"});
  EXPECT_EQ(boot.status, 0) << boot.all();
  EXPECT_NE(boot.out.find("Hello, world!"), std::string::npos) << boot.out;
}

TEST_F(CliTest, EveryBadElfIsRejectedAndTheOldImageStays) {
  const std::string old_image = "an image that must survive\n";
  write("os.img", old_image);
  size_t cases = 0;
  std::set<std::string> messages;
  for (const std::string& name : kbuild::testing::bad_elf_names()) {
    SCOPED_TRACE(name);
    write_bytes(dir_ / "bad.elf", kbuild::testing::bad_elf(name));
    CliRun r = kbuild({"image", "bad.elf", "-o", "os.img"});
    EXPECT_EQ(r.status, 1) << r.all();
    EXPECT_EQ(count_lines_containing(r.err, ""), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("error: bad.elf: ", 0), 0u) << r.err;
    messages.insert(r.err);
    EXPECT_EQ(read("os.img"), old_image);
    ++cases;
  }
  EXPECT_GE(cases, 20u);
  EXPECT_EQ(messages.size(), cases) << "each case has its own message";
  // and nothing else was left beside the image (no temporaries)
  for (auto& entry : fs::directory_iterator(dir_))
    EXPECT_TRUE(entry.path().filename() == "os.img" || entry.path().filename() == "bad.elf") << entry.path();
}

TEST_F(CliTest, ImageOfAMissingFileSaysSo) {
  CliRun r = kbuild({"image", "nope.elf", "-o", "os.img"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("nope.elf"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "os.img"));
}

}  // namespace
}  // namespace kbuild::test
