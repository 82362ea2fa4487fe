// What runs between _kbuild_start (start.S) and kernel_main: global constructors.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

namespace {

using Constructor = void (*)();

// Set by a constructor of our own, so a linker script that loses .init_array is caught instead
// of silently skipping every global constructor. Volatile and with an asm barrier, so the
// optimiser cannot evaluate the constructor at compile time and drop it from .init_array.
volatile bool g_constructors_ran = false;

[[gnu::constructor]] void note_constructors_ran() {
  __asm__ volatile("" ::: "memory");
  g_constructors_ran = true;
}

void run(Constructor* begin, Constructor* end) {
  for (Constructor* c = begin; c != end; ++c) (*c)();
}

}  // namespace

// ld.lld defines these when they are referenced and the linker script does not: around the
// output sections named .preinit_array and .init_array, or as an empty range when there are none.
extern "C" Constructor __preinit_array_start[], __preinit_array_end[];
extern "C" Constructor __init_array_start[], __init_array_end[];

// The boot information kernel_main was given, for code that has no other way to reach it
// (kbuild::run_tests reads the command line from it).
extern "C" const kbuild_boot_info* kbuild_entry_boot_info = nullptr;

extern "C" [[noreturn]] void kbuild_start_main(const kbuild_boot_info* info) {
  kbuild_entry_boot_info = info;
  run(__preinit_array_start, __preinit_array_end);
  run(__init_array_start, __init_array_end);
  if (!g_constructors_ran) {
    kbuild_panic(
        "global constructors were not run: the linker script must keep .init_array in an output "
        "section named .init_array, or define __init_array_start and __init_array_end around it");
  }
  kernel_main(info);
  kbuild_halt();
}
