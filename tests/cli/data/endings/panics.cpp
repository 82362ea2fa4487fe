// Panics from a named function: the report names it.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

namespace checks {
[[gnu::noinline]] void check_invariant(int value) {
  if (value != 1) kbuild_panic("invariant broken");
}
}  // namespace checks

extern "C" void kernel_main(const kbuild_boot_info*) { checks::check_invariant(2); }
