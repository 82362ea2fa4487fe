// kbuild::print (C++) and printf/snprintf (C) in a real kernel: built by the real binary, booted
// in QEMU, judged by its exit status and what it printed on COM1.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class Print : public CliTest {};

TEST_F(Print, FormatsOnSerialAndScreenFromCAndCxx) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "print_kernel", dir_ / "pk", fs::copy_options::recursive);
  CliRun r = kbuild({"run", "--headless", "--timeout", "120"}, dir_ / "pk");
  EXPECT_EQ(r.status, 33) << r.all();
  EXPECT_NE(r.out.find("c printf: same 42 1.00"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("print: 40 + 2 = 42"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("float: 6.28"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("print_kernel: ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kbuild::test
