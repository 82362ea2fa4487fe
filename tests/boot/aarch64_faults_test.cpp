// Faults on aarch64: the segments' permissions and the stack's guard page hold, and each fault
// is reported from QEMU's exception log, at once (no timeout), with its place in the source.
#include "aarch64_harness.h"

namespace kbuild::boot_test {
namespace {

TEST_F(Aarch64BootTest, PermissionsAndTheGuardPageFaultAndAreNamed) {
  project({{"write_text", R"(#include <kbuild/boot.h>
extern "C" void target() {}
[[gnu::noinline]] void poke_text() { *reinterpret_cast<volatile int*>(&target) = 1; }
extern "C" void kernel_main(const kbuild_boot_info*) { poke_text(); }
)"},
           {"exec_data", R"(#include <kbuild/boot.h>
unsigned g_code[4] = {0xd65f03c0};  // ret, in a data page
extern "C" void kernel_main(const kbuild_boot_info*) { reinterpret_cast<void (*)()>(g_code)(); }
)"},
           {"overflow", R"(#include <kbuild/boot.h>
[[gnu::noinline]] int deep(int n) { volatile char buf[512]; buf[0] = char(n); return deep(n + 1) + buf[0]; }
extern "C" void kernel_main(const kbuild_boot_info*) { deep(1); }
)"},
           {"expected", R"(#include <kbuild/boot.h>
extern "C" void kernel_main(const kbuild_boot_info*) { *reinterpret_cast<volatile int*>(0x10) = 1; }
)"}},
          "[test]\ntimeout = 120\n[test.expected]\nexpect = \"fault\"\n");
  CliRun r = kbuild_test();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("synchronous exception: Data Abort (data abort, permission fault, level 3, write"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(in poke_text()"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("synchronous exception: Prefetch Abort (instruction abort, permission fault"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stack overflow: synchronous exception: Data Abort (data abort, translation fault"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(in deep(int)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test expected ... ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.all().find("timed out"), std::string::npos) << r.all();
  EXPECT_NE(r.out.find("1 passed, 3 failed"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kbuild::boot_test
