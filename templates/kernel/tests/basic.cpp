// A test kernel: `kbuild test` links this file with the kernel's sources except src/main.cpp,
// boots it in QEMU and reports each KBUILD_TEST case (`kbuild test --list` shows them,
// `kbuild test basic::NAME` runs one). Add more files here for more test kernels. The screen it
// leaves ("ok", top left) is compared with tests/basic.screen.txt ([test.basic] in kernel.toml).
#include <kbuild/boot.h>
#include <kbuild/console.h>
#include <kbuild/test.h>

namespace {
const kbuild_boot_info* g_info;
}

KBUILD_TEST(boot_information_is_valid) {
  KBUILD_ASSERT_EQ(g_info->magic, KBUILD_BOOT_MAGIC);
  KBUILD_ASSERT(g_info->physical_memory_offset != 0);
}

KBUILD_TEST(console_puts_text_on_the_screen) {
  kbuild_console_init(g_info);
  kbuild_console_print("ok");
  if (kbuild_console_columns() == 0) return;  // a machine without a screen (riscv64, aarch64 under AAVMF): serial only
  KBUILD_ASSERT(kbuild_console_columns() >= 80);
  if (g_info->framebuffer.address == 0) {  // VGA text mode: characters and attributes
    auto* cells = reinterpret_cast<volatile uint16_t*>(g_info->physical_memory_offset + 0xb8000);
    KBUILD_ASSERT_EQ(cells[0] & 0xff, 'o');
    KBUILD_ASSERT_EQ(cells[1] & 0xff, 'k');
  }
}

// Passes only by panicking: use it for the checks that must stop the kernel.
KBUILD_TEST_SHOULD_PANIC(panic_stops_the_kernel) { kbuild_panic("stopped on purpose"); }

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
