// The aarch64 entry state the loader promises in <kbuild/boot.h>, checked from inside a kernel.
#include "aarch64_harness.h"

namespace kbuild::boot_test {
namespace {

const std::string kEntryKernel = std::string(kCheckingKernelStart) + R"(}

KBUILD_TEST(runs_at_el1_with_the_mmu_and_caches_on) {
  KBUILD_ASSERT_EQ(sysreg_el(), 1u);
  uint64_t sctlr = sysreg_sctlr();
  KBUILD_ASSERT(sctlr & 1);          // M
  KBUILD_ASSERT(sctlr & (1 << 2));   // C
  KBUILD_ASSERT(sctlr & (1 << 12));  // I
}

KBUILD_TEST(interrupts_are_masked) { KBUILD_ASSERT_EQ(sysreg_daif() & 0x3c0, 0x3c0u); }

KBUILD_TEST(x0_is_the_boot_information) {
  KBUILD_ASSERT_EQ(g_info->magic, KBUILD_BOOT_MAGIC);
  KBUILD_ASSERT_EQ(g_info->version, uint32_t(KBUILD_BOOT_VERSION));
  KBUILD_ASSERT_EQ(g_info->size, uint32_t(sizeof(kbuild_boot_info)));
  KBUILD_ASSERT_EQ(g_info->physical_memory_offset, 0xffff800000000000ull);
  KBUILD_ASSERT(reinterpret_cast<uint64_t>(g_info) >= g_info->physical_memory_offset);
}

KBUILD_TEST(the_stack_is_aligned_and_ours) {
  KBUILD_ASSERT_EQ(g_info->stack_top % 16, 0u);
  KBUILD_ASSERT_EQ(g_info->stack_size, 128u * 1024);
  uint64_t sp = reinterpret_cast<uint64_t>(__builtin_frame_address(0));
  KBUILD_ASSERT(sp < g_info->stack_top && sp > g_info->stack_top - g_info->stack_size);
}

KBUILD_TEST(the_device_tree_is_passed) {
  KBUILD_ASSERT(g_info->dtb != 0);
  auto* blob = reinterpret_cast<const uint8_t*>(g_info->physical_memory_offset + g_info->dtb);
  KBUILD_ASSERT_EQ(be32(blob), 0xd00dfeedu);
  KBUILD_ASSERT_EQ(g_info->boot_cpu_id, 0u);  // CPU 0 of virt
}

KBUILD_TEST(the_memory_map_covers_the_ram_qemu_was_given) {
  auto* map = reinterpret_cast<const kbuild_memory_region*>(g_info->memory_map);
  uint64_t total = 0, usable = 0, kernel = 0, stack = 0, tables = 0;
  for (uint64_t i = 0; i < g_info->memory_map_entries; ++i) {
    if (i > 0) KBUILD_ASSERT(map[i].base >= map[i - 1].base + map[i - 1].length);  // sorted, disjoint
    KBUILD_ASSERT(map[i].base >= 0x40000000);  // virt's RAM
    total += map[i].length;
    if (map[i].type == KBUILD_MEMORY_USABLE) usable += map[i].length;
    if (map[i].type == KBUILD_MEMORY_KERNEL) kernel += map[i].length;
    if (map[i].type == KBUILD_MEMORY_KERNEL_STACK) stack += map[i].length;
    if (map[i].type == KBUILD_MEMORY_PAGE_TABLES) tables += map[i].length;
  }
  KBUILD_ASSERT_EQ(total, 192ull << 20);  // [test.entry] memory
  KBUILD_ASSERT(usable > 150ull << 20);
  KBUILD_ASSERT(kernel > 0);
  KBUILD_ASSERT_EQ(stack, 128u * 1024);
  KBUILD_ASSERT(tables > 0);
}

KBUILD_TEST(the_command_line_arrives) {
  const char* cmdline = reinterpret_cast<const char*>(g_info->cmdline);
  const char expected[] = "hello=aarch64 two";
  KBUILD_ASSERT_EQ(g_info->cmdline_length, sizeof expected - 1);
  for (unsigned i = 0; i < sizeof expected; ++i) KBUILD_ASSERT_EQ(cmdline[i], expected[i]);
}

KBUILD_TEST(floats_and_128_bit_division_work_without_fp_registers) {
  volatile double a = 1.5, b = 2.25;
  KBUILD_ASSERT(a * b == 3.375);
  volatile float f = 7.0f;
  KBUILD_ASSERT(int(f / 2.0f * 10.0f) == 35);
  volatile unsigned __int128 n = (static_cast<unsigned __int128>(1) << 100) + 12345;
  volatile unsigned __int128 d = 1000000007;
  unsigned __int128 q = n / d, r = n % d;
  KBUILD_ASSERT(q * d + r == n && r < d);
}

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
)";

TEST_F(Aarch64BootTest, EntryStateIsTheContracts) {
  project({{"entry", kEntryKernel}}, "[test.entry]\nmemory = \"192M\"\ncmdline = \"hello=aarch64 two\"\n");
  CliRun r = kbuild_test();
  ASSERT_EQ(r.status, 0) << r.all();
  for (const char* name : {"runs_at_el1_with_the_mmu_and_caches_on", "interrupts_are_masked",
                           "x0_is_the_boot_information", "the_stack_is_aligned_and_ours",
                           "the_device_tree_is_passed", "the_memory_map_covers_the_ram_qemu_was_given",
                           "the_command_line_arrives", "floats_and_128_bit_division_work_without_fp_registers"})
    EXPECT_NE(r.out.find(std::string("test entry::") + name + " ... ok"), std::string::npos) << name << "\n" << r.out;
  EXPECT_NE(r.out.find("8 passed, 0 failed"), std::string::npos) << r.out;
}

// With virtualization on, QEMU's -kernel and AAVMF start the loaders at EL2: both drop to EL1,
// and the kernel gets the same entry state, the counters and the virtual timer its own.
constexpr const char* kEl2Kernel = R"(#include <kbuild/boot.h>
#include <kbuild/test.h>
#include <stdint.h>

namespace {
uint64_t sysreg_el() { uint64_t v; __asm__ volatile("mrs %0, CurrentEL" : "=r"(v)); return (v >> 2) & 3; }
uint64_t sysreg_sctlr() { uint64_t v; __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v)); return v; }
uint64_t sysreg_daif() { uint64_t v; __asm__ volatile("mrs %0, daif" : "=r"(v)); return v; }
}

KBUILD_TEST(runs_at_el1_with_the_mmu_on_and_interrupts_masked) {
  KBUILD_ASSERT_EQ(sysreg_el(), 1u);
  KBUILD_ASSERT(sysreg_sctlr() & 1);
  KBUILD_ASSERT_EQ(sysreg_daif() & 0x3c0, 0x3c0u);
}

KBUILD_TEST(the_counter_and_the_virtual_timer_are_el1s) {
  uint64_t first, second, ctl;
  __asm__ volatile("mrs %0, cntpct_el0" : "=r"(first));
  __asm__ volatile("mrs %0, cntvct_el0" : "=r"(second));
  KBUILD_ASSERT(second >= first);  // CNTVOFF_EL2 = 0: the virtual count is the physical one
  __asm__ volatile("msr cntv_ctl_el0, xzr\n mrs %0, cntv_ctl_el0" : "=r"(ctl));
  KBUILD_ASSERT_EQ(ctl & 1, 0u);
}

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
)";

TEST_F(Aarch64BootTest, EntryFromEl2DropsToEl1OnBothWaysIn) {
  project({{"el2", kEl2Kernel}}, "[test.el2]\nfirmware = \"all\"\nargs = [\"-machine\", \"virtualization=on\"]\n");
  CliRun r = kbuild_test({"-v"});
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("virtualization=on"), std::string::npos) << r.all();
  EXPECT_NE(r.out.find("4 passed, 0 failed"), std::string::npos) << "each case on the direct boot and under AAVMF:\n" << r.out;
}

}  // namespace
}  // namespace kbuild::boot_test
