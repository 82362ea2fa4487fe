// aarch64 under UEFI: the same image's \EFI\BOOT\BOOTAA64.EFI booted by AAVMF (`kbuild test
// --firmware uefi`), checked from inside the kernel against <kbuild/boot.h>: the firmware block
// (UEFI, the system table, the device tree from the configuration table), the memory map built
// from UEFI's against QEMU's -m, the entry state the direct loader gives, and the segments'
// permissions. Two AAVMF boots: they cost seconds each.
#include "aarch64_harness.h"

namespace kbuild::boot_test {
namespace {

const std::string kUefiKernel = std::string(kCheckingKernelStart) + R"(template <class T> const T* through_offset(uint64_t physical) {
  return reinterpret_cast<const T*>(g_info->physical_memory_offset + physical);
}
}

KBUILD_TEST(the_firmware_is_uefi_with_its_system_table) {
  KBUILD_ASSERT_EQ(g_info->firmware, uint32_t(KBUILD_FIRMWARE_UEFI));
  KBUILD_ASSERT(g_info->efi_system_table != 0);
  // EFI_SYSTEM_TABLE's signature, "IBI SYST".
  KBUILD_ASSERT_EQ(*through_offset<uint64_t>(g_info->efi_system_table), 0x5453595320494249ull);
}

KBUILD_TEST(the_device_tree_comes_from_the_configuration_table) {
  KBUILD_ASSERT(g_info->dtb != 0);
  KBUILD_ASSERT_EQ(be32(through_offset<uint8_t>(g_info->dtb)), 0xd00dfeedu);
  KBUILD_ASSERT_EQ(g_info->rsdp_address, 0u);  // acpi=off: a device tree, no ACPI
}

KBUILD_TEST(the_entry_state_is_the_direct_loaders) {
  KBUILD_ASSERT_EQ(sysreg_el(), 1u);
  uint64_t sctlr = sysreg_sctlr();
  KBUILD_ASSERT((sctlr & 1) && (sctlr & (1 << 2)) && (sctlr & (1 << 12)));  // M, C, I
  KBUILD_ASSERT_EQ(sysreg_daif() & 0x3c0, 0x3c0u);
  KBUILD_ASSERT_EQ(g_info->magic, KBUILD_BOOT_MAGIC);
  KBUILD_ASSERT_EQ(g_info->physical_memory_offset, 0xffff800000000000ull);
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
  uint64_t total = 0, usable = 0, kernel = 0, stack = 0, runtime = 0, loader = 0, info = 0;
  bool dtb_is_boot_info = false;
  for (uint64_t i = 0; i < g_info->memory_map_entries; ++i) {
    if (i > 0) KBUILD_ASSERT(map[i].base >= map[i - 1].base + map[i - 1].length);  // sorted, disjoint
    KBUILD_ASSERT(map[i].base >= 0x40000000 && map[i].base + map[i].length <= 0x40000000 + (192ull << 20));
    total += map[i].length;
    switch (map[i].type) {
      case KBUILD_MEMORY_USABLE: usable += map[i].length; break;
      case KBUILD_MEMORY_KERNEL: kernel += map[i].length; break;
      case KBUILD_MEMORY_KERNEL_STACK: stack += map[i].length; break;
      case KBUILD_MEMORY_EFI_RUNTIME: runtime += map[i].length; break;
      case KBUILD_MEMORY_BOOTLOADER: loader += map[i].length; break;
      case KBUILD_MEMORY_BOOT_INFO:
        info += map[i].length;
        if (map[i].base <= g_info->dtb && g_info->dtb < map[i].base + map[i].length) dtb_is_boot_info = true;
        break;
    }
  }
  KBUILD_ASSERT(total <= 192ull << 20);   // [test.uefi] memory: RAM only
  KBUILD_ASSERT(total > 184ull << 20);    // all of it but what the firmware reserves
  KBUILD_ASSERT(usable > 150ull << 20);   // boot-services memory is usable again
  KBUILD_ASSERT(kernel > 0 && runtime > 0 && loader > 0 && info > 0);
  KBUILD_ASSERT_EQ(stack, g_info->stack_size);
  KBUILD_ASSERT(dtb_is_boot_info);
}

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
)";

TEST_F(Aarch64BootTest, UefiBootGivesTheContractAndKeepsPermissions) {
  project({{"uefi", kUefiKernel},
           {"write_text", R"(#include <kbuild/boot.h>
extern "C" void target() {}
[[gnu::noinline]] void poke_text() { *reinterpret_cast<volatile int*>(&target) = 1; }
extern "C" void kernel_main(const kbuild_boot_info*) { poke_text(); }
)"}},
          "[test]\ntimeout = 240\n[test.uefi]\nmemory = \"192M\"\ncmdline = \"via=uefi\"\n"
          "[test.write_text]\nexpect = \"fault\"\n");
  CliRun r = kbuild_test({"--firmware", "uefi"});
  ASSERT_EQ(r.status, 0) << r.all();
  for (const char* name : {"the_firmware_is_uefi_with_its_system_table", "the_device_tree_comes_from_the_configuration_table",
                           "the_entry_state_is_the_direct_loaders", "the_memory_map_is_uefis_in_kbuilds_types"})
    EXPECT_NE(r.out.find(std::string("test uefi[uefi]::") + name + " ... ok"), std::string::npos) << name << "\n" << r.out;
  EXPECT_NE(r.out.find("test write_text[uefi] ... ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.all().find("timed out"), std::string::npos) << r.all();
}

// A loader failure under AAVMF (a kernel whose .bss does not fit in RAM: its pages are taken
// from AllocatePages while boot services last, so the line reaches ConOut and the PL011): the
// `kbuild boot:` line, then the loader-failure status through semihosting, reported at once,
// never a hang until the timeout.
TEST_F(Aarch64BootTest, UefiLoaderFailureIsOneLineAndTheStatus) {
  project({}, "[run]\nmemory = \"128M\"\n");
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir() / "src/main.cpp",
                                    "#include <kbuild/boot.h>\n"
                                    "static volatile char bss[160u << 20];\n"  // more than the machine has; volatile: kept
                                    "extern \"C\" void kernel_main(const kbuild_boot_info*) { bss[0] = 1; }\n",
                                    &err)) << err;
  CliRun r = test::run_kbuild({"run", "--headless", "--firmware", "uefi", "--timeout", "240"}, dir());
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("kbuild boot: not enough memory: no free block of 163844 KiB"), std::string::npos) << r.all();
  EXPECT_NE(r.err.find("boot failed: not enough memory: no free block of 163844 KiB"), std::string::npos) << r.err;
  EXPECT_EQ(r.all().find("timeout"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::boot_test
