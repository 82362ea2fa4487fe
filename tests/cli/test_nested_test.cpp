// `kbuild test` with test kernels in folders (named by path, so tests/a/x.cpp and tests/b/x.cpp
// never clash), [test.NAME] sources and [test.NAME] firmware, through real QEMU (one UEFI boot).
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class TestNested : public CliTest {};

TEST_F(TestNested, PathNamesOwnSourcesAndFirmwarePerTest) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/nested", dir_ / "p", fs::copy_options::recursive);
  CliRun list = kbuild({"test", "--list"}, dir_ / "p");
  EXPECT_EQ(list.status, 0) << list.all();
  EXPECT_NE(list.out.find("a/x: kernel\nb/x: kernel\nmm/alloc::uses_helper: test\n"), std::string::npos)
      << list.out;

  CliRun r = kbuild({"test", "-j", "2"}, dir_ / "p");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test a/x ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test b/x ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test b/x[uefi] ... ok"), std::string::npos) << r.out;  // firmware = "all"
  EXPECT_EQ(r.out.find("test a/x[uefi]"), std::string::npos) << r.out;         // [test] firmware: bios
  EXPECT_NE(r.out.find("test mm/alloc::uses_helper ... ok"), std::string::npos) << r.out;  // linked testlib/
  EXPECT_NE(r.out.find("note: test b/x[uefi]: the screen check needs BIOS text mode (under UEFI the screen "
                       "is a framebuffer); tests/b/x.screen.txt was not compared\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("4 passed, 0 failed (4 test kernels)"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "p/build/dev/tests/a/x.elf"));
  EXPECT_TRUE(fs::exists(dir_ / "p/build/dev/tests/b/x.elf"));
  EXPECT_NE(read("p/build/dev/tests/a/x.serial.log").find("this is a/x"), std::string::npos);

  // --firmware overrides [test.NAME] firmware; filters take the path names.
  CliRun bios = kbuild({"test", "--firmware", "bios", "--exact", "b/x"}, dir_ / "p");
  EXPECT_EQ(bios.status, 0) << bios.all();
  EXPECT_NE(bios.out.find("test b/x ... ok"), std::string::npos) << bios.out;
  EXPECT_EQ(bios.out.find("[uefi]"), std::string::npos) << bios.out;
  EXPECT_NE(bios.out.find("1 passed, 0 failed (1 test kernel), 2 filtered out"), std::string::npos) << bios.out;
}

TEST_F(TestNested, AnUnknownFirmwareInATestTableIsAnErrorAtItsPlace) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/nested", dir_ / "p", fs::copy_options::recursive);
  std::string toml = read("p/kernel.toml");
  toml.replace(toml.find("\"all\""), 5, "\"coreboot\"");
  write("p/kernel.toml", toml);
  CliRun r = kbuild({"test"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("kernel.toml:13:12: firmware \"coreboot\" in [test.\"b/x\"] is not known"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace kbuild::test
