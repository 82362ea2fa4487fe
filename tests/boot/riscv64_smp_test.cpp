// The other harts on riscv64 (kbuild_boot_info.cpus): the direct loader lists the device
// tree's harts and parks every other one through SBI HSM hart_start; a kernel checks the list
// against QEMU's -smp, starts each hart with kbuild_start_cpu, and each checks its entry state
// (the kernel's satp, interrupts off, a0 = its entry, its own stack) and checks in.
#include <gtest/gtest.h>

#include <string>

#include "core/fs.h"
#include "support/kbuild_run.h"
#include "support/scratch_dir.h"

namespace kbuild::boot_test {
namespace {

constexpr const char* kSmpKernel = R"(#include <kbuild/boot.h>
#include <kbuild/smp.h>
#include <kbuild/test.h>
#include <stdint.h>

namespace {
constexpr int kMaxCpus = 8;
constexpr uint64_t kStackBytes = 16 * 1024;
alignas(16) uint8_t stacks[kMaxCpus][kStackBytes];
const kbuild_boot_info* g_info;
uint64_t boot_satp;
uint64_t arrived_mask, bad_line;

#define CSR(name) ([] { uint64_t v; __asm__ volatile("csrr %0, " #name : "=r"(v)); return v; }())

#define AP_CHECK(cond)                                                     \
  do {                                                                     \
    if (!(cond)) {                                                         \
      __atomic_store_n(&bad_line, uint64_t(__LINE__), __ATOMIC_RELEASE);   \
      for (;;) __asm__ volatile("wfi");                                    \
    }                                                                      \
  } while (0)

void other_hart(kbuild_cpu* cpu) {
  uint64_t local = 0;
  AP_CHECK(cpu->argument < kMaxCpus && cpu->argument == cpu->index);
  AP_CHECK(CSR(satp) == boot_satp);
  AP_CHECK((CSR(sstatus) & 2) == 0);  // SIE
  uint64_t at = reinterpret_cast<uint64_t>(&local);
  uint64_t base = reinterpret_cast<uint64_t>(stacks[cpu->argument]);
  AP_CHECK(at >= base && at < base + kStackBytes);
  __atomic_fetch_or(&arrived_mask, uint64_t(1) << cpu->index, __ATOMIC_ACQ_REL);
  for (;;) __asm__ volatile("wfi");
}

uint64_t expected_cpus() {
  const char* p = reinterpret_cast<const char*>(g_info->cmdline);
  for (; *p; ++p)
    if (p[0] == 'c' && p[1] == 'p' && p[2] == 'u' && p[3] == 's' && p[4] == '=') return uint64_t(p[5] - '0');
  return 0;
}
kbuild_cpu* cpus() { return reinterpret_cast<kbuild_cpu*>(g_info->cpus); }
}

KBUILD_TEST(the_list_has_every_hart_once) {
  uint64_t want = expected_cpus();
  KBUILD_ASSERT(want >= 1 && want <= kMaxCpus);
  KBUILD_ASSERT_EQ(g_info->cpu_count, want);
  KBUILD_ASSERT(g_info->cpus >= g_info->physical_memory_offset);
  uint64_t ids = 0, boot_entries = 0;
  for (uint64_t i = 0; i < g_info->cpu_count; ++i) {
    KBUILD_ASSERT_EQ(cpus()[i].index, uint32_t(i));
    KBUILD_ASSERT(cpus()[i].hw_id < want);  // virt's hart ids are 0..N-1
    KBUILD_ASSERT((ids & (uint64_t(1) << cpus()[i].hw_id)) == 0);
    ids |= uint64_t(1) << cpus()[i].hw_id;
    if (cpus()[i].hw_id == g_info->boot_cpu_id) ++boot_entries;
  }
  KBUILD_ASSERT_EQ(boot_entries, 1u);
}

KBUILD_TEST(every_other_hart_starts_on_its_own_stack) {
  KBUILD_ASSERT_EQ(g_info->cpu_count, expected_cpus());
  KBUILD_ASSERT(g_info->cpu_count >= 1 && g_info->cpu_count <= kMaxCpus);
  boot_satp = CSR(satp);
  uint64_t expected = 0;
  for (uint64_t i = 0; i < g_info->cpu_count; ++i) {
    kbuild_cpu* cpu = &cpus()[i];
    if (cpu->hw_id == g_info->boot_cpu_id) continue;
    expected |= uint64_t(1) << cpu->index;
    kbuild_start_cpu(cpu, other_hart, stacks[i] + kStackBytes, i);
  }
  uint64_t start = CSR(time);
  while (__atomic_load_n(&arrived_mask, __ATOMIC_ACQUIRE) != expected && bad_line == 0 &&
         CSR(time) - start < 50000000) {  // 5 s of virt's 10 MHz timebase
  }
  KBUILD_ASSERT_EQ(__atomic_load_n(&bad_line, __ATOMIC_ACQUIRE), 0u);
  KBUILD_ASSERT_EQ(__atomic_load_n(&arrived_mask, __ATOMIC_ACQUIRE), expected);
}

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
)";

TEST(Riscv64Smp, OtherHartsAreListedParkedAndStarted) {
  test::ScratchDir scratch;
  std::string err;
  auto write = [&](const std::string& path, const std::string& text) {
    ASSERT_TRUE(write_file_if_changed(scratch.path() / path, text, &err)) << err;
  };
  write("kernel.toml",
        "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\"]\n[target]\narch = \"riscv64\"\n"
        "[profile.dev]\nopt-level = 1\n[test]\ntimeout = 120\n"
        "[test.smp4]\nsmp = 4\ncmdline = \"cpus=4\"\n[test.smp1]\nsmp = 1\ncmdline = \"cpus=1\"\n");
  write("src/main.cpp", "#include <kbuild/boot.h>\nextern \"C\" void kernel_main(const kbuild_boot_info*) {}\n");
  write("tests/smp4.cpp", kSmpKernel);
  write("tests/smp1.cpp", kSmpKernel);
  test::CliRun r = test::run_kbuild({"test"}, scratch.path());
  ASSERT_EQ(r.status, 0) << r.all();
  for (const char* kernel : {"smp4", "smp1"})
    for (const char* name : {"the_list_has_every_hart_once", "every_other_hart_starts_on_its_own_stack"})
      EXPECT_NE(r.out.find(std::string("test ") + kernel + "::" + name + " ... ok"), std::string::npos)
          << kernel << "::" << name << "\n" << r.out;
  EXPECT_EQ(r.all().find("left out of the CPU list"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::boot_test
