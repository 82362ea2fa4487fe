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

// Vectors of the kernel's own that step over a BRK and return from it: the handled BRK is no
// fault. After a clean power-off `expect = "fault"` fails; a fault after it (taken by the
// loader's vectors again) is the one named.
constexpr const char* kOwnVectors = R"(#include <kbuild/boot.h>
#include <kbuild/runtime.h>
#include <stdint.h>
__asm__(".section .text.own_vectors, \"ax\"\n.balign 2048\n.globl own_vectors\nown_vectors:\n"
        ".rept 16\nmrs x9, elr_el1\nadd x9, x9, #4\nmsr elr_el1, x9\neret\n.balign 128\n.endr\n.previous\n");
extern "C" char own_vectors[];
uint64_t handle_a_brk() {
  uint64_t loaders;
  __asm__ volatile("mrs %0, vbar_el1" : "=r"(loaders));
  __asm__ volatile("msr vbar_el1, %0\n isb\n brk #1" : : "r"(own_vectors) : "x9", "memory");
  return loaders;
}
)";

TEST_F(Aarch64BootTest, AnExceptionTheKernelHandledIsNoFault) {
  project({{"handled_then_off", std::string(kOwnVectors) + R"(
extern "C" void kernel_main(const kbuild_boot_info*) { handle_a_brk(); kbuild_halt(); }
)"},
           {"handled_then_faults", std::string(kOwnVectors) + R"(
[[gnu::noinline]] void poke_null() { *reinterpret_cast<volatile int*>(0x10) = 1; }
extern "C" void kernel_main(const kbuild_boot_info*) {
  uint64_t loaders = handle_a_brk();
  __asm__ volatile("msr vbar_el1, %0\n isb" : : "r"(loaders) : "memory");
  poke_null();
}
)"}},
          "[test]\ntimeout = 120\n[test.handled_then_off]\nexpect = \"fault\"\n");
  CliRun r = kbuild_test();
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("test handled_then_off ... FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("expected a CPU fault"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test handled_then_faults ... FAILED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("synchronous exception: Data Abort (data abort, translation fault"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(in poke_null()"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("BRK instruction"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 passed, 2 failed"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kbuild::boot_test
