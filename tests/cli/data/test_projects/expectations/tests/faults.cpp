// Expected to fault: a write to unmapped memory with no IDT is a triple fault.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  *reinterpret_cast<volatile int*>(0x1234567890) = 1;
  kbuild_exit(0x10);
}
