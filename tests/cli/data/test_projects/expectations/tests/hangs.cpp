// Expected to run into its 2-second timeout.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  for (;;) __asm__ volatile("pause");
}
