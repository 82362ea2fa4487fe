// Recurses until the stack runs into its guard page.
#include <kbuild/boot.h>

namespace deep {
[[gnu::noinline]] int recurse(int depth) {
  volatile char frame[512];
  frame[0] = static_cast<char>(depth);
  return recurse(depth + 1) + frame[0];
}
}  // namespace deep

extern "C" void kernel_main(const kbuild_boot_info*) { deep::recurse(0); }
