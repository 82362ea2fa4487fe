// A test kernel with a kbuild_panic of its own, as the README's testing section describes: it
// replaces the runtime's weak one, should-panic cases still pass through kbuild_panic_hook, and
// any other panic is the kernel's handler's to report. Real clang++, ld.lld and QEMU.
#include "cli_harness.h"

namespace kbuild::test {
namespace {

constexpr const char* kKernel = R"(#include <kbuild/boot.h>
#include <kbuild/runtime.h>
#include <kbuild/test.h>

static unsigned long length(const char* s) {
  unsigned long n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

extern "C" [[noreturn]] void kbuild_panic(const char* message) {
  if (kbuild_panic_hook != nullptr) kbuild_panic_hook(message);  // a should-panic case runs
  kbuild_serial_write("own handler: ", 13);
  kbuild_serial_write(message, length(message));
  kbuild_serial_write("\n", 1);
  kbuild_exit(0x21);
}

KBUILD_TEST_SHOULD_PANIC(expected_panic) { kbuild_panic("on purpose"); }
KBUILD_TEST(unexpected_panic) { kbuild_panic("for real"); }
KBUILD_TEST(after) {}

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
)";

class TestPanicHandler : public CliTest {};

// One boot.
TEST_F(TestPanicHandler, AKernelsOwnPanicHandlerKeepsShouldPanicCasesWorking) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  write("k/tests/own_panic.cpp", kKernel);
  CliRun r = kbuild({"test", "--exact", "own_panic"}, dir_ / "k");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("test own_panic::expected_panic ... ok ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test own_panic::unexpected_panic ... FAILED ("), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("test own_panic::after ... not run\n"), std::string::npos) << r.out;
  // The kernel's handler, not the runtime's, reported the unexpected panic and ended the run.
  EXPECT_NE(
      r.out.find("---- own_panic::unexpected_panic ----\nthe case did not finish: exit status 67"),
      std::string::npos)
      << r.out;
  std::string serial = read("k/build/dev/tests/own_panic.serial.log");
  EXPECT_NE(serial.find("panicked as expected: on purpose"), std::string::npos) << serial;
  EXPECT_NE(serial.find("own handler: for real"), std::string::npos) << serial;
  EXPECT_EQ(serial.find("own handler: on purpose"), std::string::npos) << serial;
  EXPECT_EQ(serial.find("panic: for real"), std::string::npos) << "the runtime's handler ran\n"
                                                               << serial;
}

}  // namespace
}  // namespace kbuild::test
