// Passes when [test.settings] reached it: its own command line and more than 256 MiB of memory.
#include <kbuild/boot.h>
#include <kbuild/test.h>

namespace {
const kbuild_boot_info* g_info;

bool same(const char* a, const char* b) {
  for (; *a != '\0' && *a == *b; ++a) ++b;
  return *a == *b;
}
}  // namespace

KBUILD_TEST(command_line_is_the_tables) {
  KBUILD_ASSERT(same(reinterpret_cast<const char*>(g_info->cmdline), "from-test-table"));
}

KBUILD_TEST(memory_is_the_tables) {
  uint64_t top = 0;
  const auto* map = reinterpret_cast<const kbuild_memory_region*>(g_info->memory_map);
  for (uint64_t i = 0; i < g_info->memory_map_entries; ++i)
    if (map[i].base + map[i].length > top) top = map[i].base + map[i].length;
  KBUILD_ASSERT(top > (uint64_t{300} << 20));
}

extern "C" void kernel_main(const kbuild_boot_info* info) {
  g_info = info;
  kbuild::run_tests();
}
