// riscv64 under UEFI: the same image's \EFI\BOOT\BOOTRISCV64.EFI booted by U-Boot's UEFI on
// OpenSBI (`kbuild test --firmware uefi`), checked from inside the kernel against
// <kbuild/boot.h>: the firmware block (UEFI, the system table), the device tree from the
// configuration table, the boot hart, the memory map built from UEFI's against QEMU's -m, and
// the entry state the direct loader gives. One U-Boot boot: it costs seconds.
#include "aarch64_harness.h"

namespace kbuild::boot_test {
namespace {

constexpr const char* kUefiKernel = R"(#include <kbuild/boot.h>
#include <kbuild/test.h>
#include <stdint.h>

namespace {
const kbuild_boot_info* g_info;
constexpr uint64_t kRamBase = 0x80000000, kRam = 256ull << 20;  // QEMU virt, [test.uefi] memory
uint64_t csr_satp() { uint64_t v; __asm__ volatile("csrr %0, satp" : "=r"(v)); return v; }
uint64_t csr_sstatus() { uint64_t v; __asm__ volatile("csrr %0, sstatus" : "=r"(v)); return v; }
uint64_t be32(const uint8_t* p) { return uint64_t(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
template <class T> const T* through_offset(uint64_t physical) {
  return reinterpret_cast<const T*>(g_info->physical_memory_offset + physical);
}
}

KBUILD_TEST(the_firmware_is_uefi_with_its_system_table) {
  KBUILD_ASSERT_EQ(g_info->firmware, uint32_t(KBUILD_FIRMWARE_UEFI));
  KBUILD_ASSERT(g_info->efi_system_table != 0);
  // EFI_SYSTEM_TABLE's signature, "IBI SYST".
  KBUILD_ASSERT_EQ(*through_offset<uint64_t>(g_info->efi_system_table), 0x5453595320494249ull);
}

KBUILD_TEST(the_device_tree_and_the_boot_hart) {
  KBUILD_ASSERT(g_info->dtb != 0);
  KBUILD_ASSERT_EQ(be32(through_offset<uint8_t>(g_info->dtb)), 0xd00dfeedu);
  KBUILD_ASSERT_EQ(g_info->boot_cpu_id, 0u);  // -smp 1: hart 0, from RISCV_EFI_BOOT_PROTOCOL
  KBUILD_ASSERT_EQ(g_info->rsdp_address, 0u);
}

KBUILD_TEST(the_entry_state_is_the_direct_loaders) {
  KBUILD_ASSERT_EQ(csr_satp() >> 60, 8u);  // Sv39, readable in S-mode only
  KBUILD_ASSERT_EQ(csr_sstatus() & 2, 0u);  // SIE clear
  KBUILD_ASSERT_EQ(g_info->magic, KBUILD_BOOT_MAGIC);
  KBUILD_ASSERT_EQ(g_info->physical_memory_offset, 0xffffffc000000000ull);
  KBUILD_ASSERT_EQ(g_info->stack_top % 16, 0u);
  uint64_t sp = reinterpret_cast<uint64_t>(__builtin_frame_address(0));
  KBUILD_ASSERT(sp < g_info->stack_top && sp > g_info->stack_top - g_info->stack_size);
  const char* cmdline = reinterpret_cast<const char*>(g_info->cmdline);
  const char expected[] = "via=uefi";
  KBUILD_ASSERT_EQ(g_info->cmdline_length, sizeof expected - 1);
  for (unsigned i = 0; i < sizeof expected; ++i) KBUILD_ASSERT_EQ(cmdline[i], expected[i]);
}

KBUILD_TEST(the_memory_map_is_uefis_in_kbuilds_types) {
  auto* map = reinterpret_cast<const kbuild_memory_region*>(g_info->memory_map);
  uint64_t ram = 0, usable = 0, kernel = 0, stack = 0, loader = 0, info = 0;
  bool dtb_is_boot_info = false, opensbi_reserved = false;
  for (uint64_t i = 0; i < g_info->memory_map_entries; ++i) {
    // OpenSBI's own memory at the start of RAM (the device tree's /reserved-memory), which
    // U-Boot's UEFI map shows as boot-services data.
    if (map[i].base == kRamBase) opensbi_reserved = map[i].type == KBUILD_MEMORY_RESERVED;
    if (i > 0) KBUILD_ASSERT(map[i].base >= map[i - 1].base + map[i - 1].length);  // sorted, disjoint
    bool in_ram = map[i].base >= kRamBase && map[i].base + map[i].length <= kRamBase + kRam;
    KBUILD_ASSERT(in_ram || map[i].type == KBUILD_MEMORY_RESERVED);  // only RAM is anything but reserved
    if (in_ram) ram += map[i].length;
    switch (map[i].type) {
      case KBUILD_MEMORY_USABLE: usable += map[i].length; break;
      case KBUILD_MEMORY_KERNEL: kernel += map[i].length; break;
      case KBUILD_MEMORY_KERNEL_STACK: stack += map[i].length; break;
      case KBUILD_MEMORY_BOOTLOADER: loader += map[i].length; break;
      case KBUILD_MEMORY_BOOT_INFO:
        info += map[i].length;
        if (map[i].base <= g_info->dtb && g_info->dtb < map[i].base + map[i].length) dtb_is_boot_info = true;
        break;
    }
  }
  KBUILD_ASSERT(ram <= kRam);
  KBUILD_ASSERT(ram > kRam - (8ull << 20));  // all of it but what the firmware keeps out of the map
  KBUILD_ASSERT(usable > 150ull << 20);       // boot-services memory is usable again
  KBUILD_ASSERT(kernel > 0 && loader > 0 && info > 0);
  KBUILD_ASSERT_EQ(stack, g_info->stack_size);
  KBUILD_ASSERT(dtb_is_boot_info);  // the loader's copy: U-Boot keeps its own in ACPI-reclaimable memory
  KBUILD_ASSERT(opensbi_reserved);
}

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
)";

class Riscv64UefiBootTest : public Aarch64BootTest {
 protected:
  Riscv64UefiBootTest() { arch_ = "riscv64"; }
};

TEST_F(Riscv64UefiBootTest, UBootBootsBootriscv64WithTheContract) {
  project({{"uefi", kUefiKernel}}, "[test]\ntimeout = 240\n[test.uefi]\nmemory = \"256M\"\ncmdline = \"via=uefi\"\n");
  CliRun r = kbuild_test({"--firmware", "uefi"});
  ASSERT_EQ(r.status, 0) << r.all();
  for (const char* name : {"the_firmware_is_uefi_with_its_system_table", "the_device_tree_and_the_boot_hart",
                           "the_entry_state_is_the_direct_loaders", "the_memory_map_is_uefis_in_kbuilds_types"})
    EXPECT_NE(r.out.find(std::string("test uefi[uefi]::") + name + " ... ok"), std::string::npos) << name << "\n" << r.out;
  EXPECT_EQ(r.all().find("timed out"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::boot_test
