// Writes through a null pointer with no IDT loaded: #PF, then #GP, #DF and a triple fault.
#include <kbuild/boot.h>

namespace crashing {
[[gnu::noinline]] void write_through_null(volatile int* p) { *p = 42; }
}  // namespace crashing

extern "C" void kernel_main(const kbuild_boot_info*) { crashing::write_through_null(nullptr); }
