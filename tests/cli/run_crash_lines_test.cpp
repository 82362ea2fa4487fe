// Crash reports name the function and the source line (llvm-symbolizer on the kernel's DWARF),
// with a backtrace through the frame pointers: a real kernel panics in real QEMU.
#include "cli_harness.h"

namespace kbuild::test {
namespace {

constexpr const char* kPanickingKernel =
    "#include <kbuild/boot.h>\n"
    "#include <kbuild/runtime.h>\n"
    "[[gnu::noinline]] void check_disk(int n) {\n"
    "  if (n > 2) kbuild_panic(\"disk on fire\");\n"  // line 4
    "}\n"
    "[[gnu::noinline]] void mount_root() {\n"
    "  check_disk(3);\n"                                // line 7
    "}\n"
    "extern \"C\" void kernel_main(const kbuild_boot_info*) {\n"
    "  mount_root();\n"                                 // line 10
    "}\n";

TEST_F(CliTest, PanicInARunNamesFunctionFileAndLineWithABacktrace) {
  ASSERT_EQ(kbuild({"new", "crash"}).status, 0);
  write("crash/src/main.cpp", kPanickingKernel);
  CliRun r = kbuild({"run", "--headless", "--timeout", "120"}, dir_ / "crash");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("kernel panic: disk on fire (in check_disk(int)+0x"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" at src/main.cpp:4)"), std::string::npos) << r.err;
  // the backtrace: kbuild_panic's caller first, then its callers, each with its line
  size_t first = r.err.find("#0 0x");
  ASSERT_NE(first, std::string::npos) << r.err;
  size_t disk = r.err.find("in check_disk(int)", first);
  size_t mount = r.err.find("in mount_root()", first);
  size_t main = r.err.find("in kernel_main", first);
  ASSERT_NE(disk, std::string::npos) << r.err;
  ASSERT_NE(mount, std::string::npos) << r.err;
  ASSERT_NE(main, std::string::npos) << r.err;
  EXPECT_LT(disk, mount);
  EXPECT_LT(mount, main);
  EXPECT_NE(r.err.find("at src/main.cpp:7", mount), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("at src/main.cpp:10", main), std::string::npos) << r.err;
}

TEST_F(CliTest, PanicInATestKernelNamesTheLineToo) {
  ASSERT_EQ(kbuild({"new", "tcrash"}).status, 0);
  write("tcrash/tests/boom.cpp", kPanickingKernel);
  CliRun r = kbuild({"test"}, dir_ / "tcrash");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.all().find("disk on fire (in check_disk(int)+0x"), std::string::npos) << r.all();
  EXPECT_NE(r.all().find("at tests/boom.cpp:4)"), std::string::npos) << r.all();
  size_t mount = r.all().find("in mount_root()+0x");
  ASSERT_NE(mount, std::string::npos) << r.all();
  EXPECT_NE(r.all().find("at tests/boom.cpp:7", mount), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::test
